"""The Community of Practice and system leadership roles and time."""
