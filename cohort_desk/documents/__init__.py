"""Printed documents (PDF): sign-in registers, summaries, certificates, subject-access reports."""
