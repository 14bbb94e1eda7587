"""Certificates: eligibility, issuing with gap-free numbers, the register, files, design."""
