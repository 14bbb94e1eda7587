"""The Community room: the Community of Practice, leadership roles and leadership time."""
