"""The Attendance room: the register keyed one mark at a time,
the cohort grid, marks from a file and walk-ins.
"""
