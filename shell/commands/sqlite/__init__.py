"""The sqlite3 command-line shell, sealed to the virtual disk."""
