"""Commands bash runs itself (echo, printf, test, help) and their helpers."""
