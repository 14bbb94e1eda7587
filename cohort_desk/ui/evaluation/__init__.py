"""Evaluation: the feedback about a session or a cohort, with charts (no screen of its own)."""
