"""The Cohorts room: programmes, cohorts, their pages and enrolments."""
