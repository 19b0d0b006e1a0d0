"""Bytes as other text: od, base64, checksums."""
