"""find and xargs."""
