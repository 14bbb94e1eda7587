"""One QAbstractTableModel per table."""
