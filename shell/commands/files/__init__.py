"""Making, copying, moving, linking, removing files; permissions; file information."""
