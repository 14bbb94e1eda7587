"""The shared kit of the window: tables, row models, date fields, questions,
workers, printing and export.
"""
