"""Realistic fictional demo data for south east London."""
