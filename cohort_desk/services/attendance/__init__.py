"""Attendance: marking a session, marks from a file, walk-ins, the cohort grid and summary."""
