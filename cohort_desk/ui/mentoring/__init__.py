"""The Mentoring room: mentors, pairs and meetings, suggestions and reports."""
