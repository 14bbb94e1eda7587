"""The start page's figures."""
