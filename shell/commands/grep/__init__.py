"""grep."""
