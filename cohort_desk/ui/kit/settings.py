"""Every per-user setting of the window, declared once with its type and default.

Window size, last folders, the theme, table columns and splitters belong to the person at this
computer; settings shared by everyone using a database (the academy's name, the signatory)
live in the database instead (services.settings). Everything here is kept in one file in the
config folder that paths.py names, so COHORT_DESK_HOME moves it, with Qt's own remembered
state (file dialogs) beside it. Read and write only through the options below: a key typed
twice is how two screens came to disagree about a folder (picard's options.py is the model).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from cohort_desk import paths

T = TypeVar("T")
FILE_NAME = "window.ini"


def settings_file() -> Path:
    return paths.config_dir() / FILE_NAME


def _store() -> QSettings:
    # Qt caches an open settings file, so making one per call costs little.
    return QSettings(str(settings_file()), QSettings.Format.IniFormat)


def keep_qt_settings_in_config_folder() -> None:
    """Qt's own per-user state (the file dialog's history, for one) goes to the same folder,
    never to the real ~/.config when COHORT_DESK_HOME points elsewhere."""
    folder = str(paths.config_dir())
    for kind in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)
        QSettings.setPath(kind, QSettings.Scope.SystemScope, folder)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)


def _convert(kind: str, value: Any, default: Any) -> Any:
    """An INI file gives back text; turn it into the declared type, or the default."""
    if value is None:
        return default
    try:
        if kind == "bool":
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
        if kind == "int":
            return int(value)
        if kind == "bytes":
            data = bytes(value.data()) if isinstance(value, QByteArray) else value
            return data if isinstance(data, bytes) and data else default
        if kind == "json":
            return json.loads(str(value))
        return str(value)
    except (TypeError, ValueError):
        return default  # a hand-edited or older file: the default, never a crash


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: its key in the file, its type and the value it has until set."""

    key: str
    kind: str  # "str", "int", "bool", "bytes" or "json"
    default: T
    description: str = ""
    choices: tuple[Any, ...] = ()

    def get(self) -> T:
        value = _convert(self.kind, _store().value(self.key), self.default)
        if self.choices and value not in self.choices:
            return self.default
        return value  # type: ignore[no-any-return]

    def set(self, value: T | None) -> None:
        if value is None:
            self.remove()
            return
        store = _store()
        if self.kind == "bytes":
            store.setValue(self.key, QByteArray(value))  # type: ignore[arg-type]
        elif self.kind == "json":
            store.setValue(self.key, json.dumps(value))
        else:
            store.setValue(self.key, value)
        store.sync()

    def remove(self) -> None:
        store = _store()
        store.remove(self.key)
        store.sync()


@dataclass(frozen=True)
class OptionFamily(Generic[T]):
    """Settings of one type under one prefix, one per table, splitter or kind of file."""

    prefix: str
    kind: str
    default: T
    description: str = ""

    def __getitem__(self, name: str) -> Option[T]:
        if not name or "/" in name:
            raise KeyError(name)
        return Option(f"{self.prefix}/{name}", self.kind, self.default, self.description)


# The registry --------------------------------------------------------------------------------

WINDOW_GEOMETRY: Option[bytes] = Option("window/geometry", "bytes", b"", "main window place")
WINDOW_SPLITTER: Option[bytes] = Option("window/splitter", "bytes", b"", "side bar width")
LAST_SCREEN: Option[str] = Option("window/screen", "str", "", "the screen shown at start")
THEME: Option[str] = Option("appearance/theme", "str", "light", "colours", ("light", "dark"))
SESSIONS_COHORT: Option[int] = Option("sessions/cohort", "int", 0, "Sessions' cohort (0: all)")

TABLE_STATE: OptionFamily[bytes] = OptionFamily("tables", "bytes", b"", "column widths, order")
SPLITTER_STATE: OptionFamily[bytes] = OptionFamily("splitters", "bytes", b"", "pane sizes")
LAST_FOLDER: OptionFamily[str] = OptionFamily("folders", "str", "", "last folder, by kind")
IMPORT_MAPPING: OptionFamily[dict[str, str]] = OptionFamily(
    "import-mappings", "json", {}, "columns chosen for files with the same headings"
)

REGISTRY: tuple[Option[Any] | OptionFamily[Any], ...] = (
    WINDOW_GEOMETRY,
    WINDOW_SPLITTER,
    LAST_SCREEN,
    THEME,
    SESSIONS_COHORT,
    TABLE_STATE,
    SPLITTER_STATE,
    LAST_FOLDER,
    IMPORT_MAPPING,
)
