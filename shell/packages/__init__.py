"""Software packages: the apt catalog (catalog.json, data/) and the dpkg database (db.py)."""
