"""The Sessions room: a cohort's sessions, added once or as a series, edited and duplicated."""
