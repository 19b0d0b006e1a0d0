"""nano."""
