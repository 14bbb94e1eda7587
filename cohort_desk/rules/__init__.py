"""Pure rules over plain values (no Qt, no SQLAlchemy): names, headers, attendance, eligibility, matching."""
