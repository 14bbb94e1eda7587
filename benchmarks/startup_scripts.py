"""The scripts each start-up run executes in a fresh interpreter: the app, and bare PySide6."""

# Runs in a fresh interpreter: the app's own GUI entry point, timed from the script's first
# line. A zero-delay timer fires once app.exec() runs, that is once the window is shown; it
# reports, waits for the People screen to fill (it may load off the UI thread), then quits.
START_APP = r"""
import time
T0 = time.perf_counter()
import json, os, sys, threading, traceback
import cohort_desk.app as entry
from cohort_desk.ui.shell import application
from cohort_desk.ui.shell.main_window import MainWindow
IMPORTED = time.perf_counter()
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

# A modal dialog (a crash report, a question) would wait forever offscreen: give up instead.
watchdog = threading.Timer(180, lambda: (print("timed out", file=sys.stderr), os._exit(3)))
watchdog.daemon = True
watchdog.start()

def rss_mb():
    try:
        import resource
    except ImportError:  # Windows: no ru_maxrss
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)

def emit(event, **extra):
    print(json.dumps({"event": event, "t": time.perf_counter() - T0, **extra}), flush=True)

def people_rows(screen):
    # No screen yet while the database opens behind the shown window.
    if screen is None or getattr(screen, "loading", False):
        return 0
    return screen.model.rowCount()

def shown():
    try:
        app = QApplication.instance()
        app.processEvents()
        emit("shown", imports=IMPORTED - T0, rss_mb=rss_mb())
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        # Open the People screen as a user would, from the side bar, and wait for its list.
        # (Screen titles, where the window has them, spare building every screen to find it.)
        titles = getattr(getattr(window, "stack", None), "titles", None)
        titles = titles or [s.title for s in window.screens]
        window.nav.setCurrentRow(titles.index("People"))
        screen = window.current_screen()
        deadline = time.perf_counter() + 120
        first = False
        while not people_rows(screen) and time.perf_counter() < deadline:
            if not first and screen is not None and screen.model.rowCount():
                first = True  # the first screenful, shown (painted) while everyone else loads
                app.processEvents()
                emit("first_rows", rows=screen.model.rowCount())
            app.processEvents()
            time.sleep(0.002)
            screen = window.current_screen()
        app.processEvents()
        emit("loaded", rows=people_rows(screen), rss_mb=rss_mb())
        window.close()
        app.quit()
    except BaseException:
        traceback.print_exc()
        os._exit(2)

# Window state goes to an ini file in the benchmark's folder, never the user's settings.
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
application.make_application()
QTimer.singleShot(0, shown)
sys.argv = ["cohort-desk-gui", "--db", sys.argv[1]]
code = entry.main_gui()
sys.stdout.flush()
os._exit(code)  # the watchdog thread must not keep the process alive
"""

# The floor: PySide6 alone, a bare QMainWindow shown and closed, reported the same way.
START_BARE = r"""
import time
T0 = time.perf_counter()
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
IMPORTED = time.perf_counter()

def rss_mb():
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)

def shown():
    app.processEvents()
    print(json.dumps({"event": "shown", "t": time.perf_counter() - T0,
                      "imports": IMPORTED - T0, "rss_mb": rss_mb()}), flush=True)
    window.close()
    app.quit()

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, shown)
raise SystemExit(app.exec())
"""

# The People list's floor: what filling it needs at the least, one step after the other, timed
# like START_APP. A bare window shown; then SQLAlchemy imported (opening the database needs it);
# then the listing's own query (argv[2], compiled from the service's) read through bare sqlite3
# into a plain table model on a view, and painted. No search text, no checks, no row objects.
START_LIST_FLOOR = r"""
import time
T0 = time.perf_counter()
import json, sqlite3, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

def emit(event, **extra):
    print(json.dumps({"event": event, "t": time.perf_counter() - T0, **extra}), flush=True)

class Rows(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 10
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

def shown():
    app.processEvents()
    emit("shown")
    import sqlalchemy.orm  # noqa: F401
    with sqlite3.connect(sys.argv[1]) as con:
        rows = con.execute(sys.argv[2]).fetchall()
    view.setModel(Rows(rows))
    app.processEvents()
    emit("loaded", rows=len(rows))
    window.close()
    app.quit()

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
view = QTableView()
window.setCentralWidget(view)
window.show()
QTimer.singleShot(0, shown)
raise SystemExit(app.exec())
"""
