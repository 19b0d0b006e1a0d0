"""less and more."""
