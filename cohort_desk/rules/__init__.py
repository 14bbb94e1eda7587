"""Pure rules over plain values: no Qt, no SQLAlchemy, easy to test with tables."""
