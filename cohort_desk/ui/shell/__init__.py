"""The shell of the window: start-up, the main window, menus, the screen stack, preferences."""
