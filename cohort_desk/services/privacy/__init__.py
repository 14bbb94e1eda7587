"""People's rights and the care of personal data: audit trail, subject access,
erasure, retention and equality monitoring.
"""
