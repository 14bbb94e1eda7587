"""Entry script of the console-less desktop executable (PyInstaller builds it from this file)."""

from cohort_desk.app import main_gui

if __name__ == "__main__":
    raise SystemExit(main_gui())
