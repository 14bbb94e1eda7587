"""Sessions of a cohort."""
