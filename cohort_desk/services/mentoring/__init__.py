"""Mentoring: mentor profiles, pairs and meetings, and whole-cohort matching."""
