"""Cohort Desk: records for a systems leadership academy's cohorts, sessions and people."""

__version__ = "0.1.0"
APP_NAME = "Cohort Desk"
APP_ID = "cohort-desk"
