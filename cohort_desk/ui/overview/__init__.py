"""The Overview room: the start page."""
