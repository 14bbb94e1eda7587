"""The Data and privacy room: backups, the audit trail, people's rights, retention, equality."""
