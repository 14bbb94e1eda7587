"""The Imports room: the import wizard and the history of imports, with undo."""
