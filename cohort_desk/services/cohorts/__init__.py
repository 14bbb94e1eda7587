"""Cohorts: programmes and cohorts, their pages, and who is enrolled in which role."""
