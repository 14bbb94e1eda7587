"""Spreadsheet files: safe reading of every format people send, and writing exports."""
