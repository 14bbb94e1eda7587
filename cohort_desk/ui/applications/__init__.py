"""The Applications screen: selection of a cohort's applicants (issue 20)."""
