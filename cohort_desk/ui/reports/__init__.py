"""Reports: the impact pack for a period, made from the window."""
