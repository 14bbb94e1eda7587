"""Safety of the database: backups, restore and integrity checks."""
