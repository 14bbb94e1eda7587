"""Reports for the board: the impact pack of a period, compared with the period before."""
