#!/usr/bin/env bash
# Builds the PyInstaller folder and proves the built executables run with no Python around them:
# the CLI answers --version, fills a demo database and checks it, and exercises every library
# the build trims (an xlsx export read back by an import, a PDF register, an xlsx summary,
# certificates); the window starts offscreen, and on X11 under Xvfb when it is installed, and
# is still running after a few seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
python3 -m PyInstaller --clean --noconfirm --log-level WARN build.spec
echo "built in $(( $(date +%s) - start )) s; size: $(du -sh "dist/Cohort Desk" | cut -f1)"

bundle="$(pwd)/dist/Cohort Desk"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A clean environment: no PYTHONPATH, no virtualenv, no Python on PATH.
clean_env=(env -i "HOME=$work" "PATH=/usr/bin:/bin" "COHORT_DESK_HOME=$work/home"
           "QT_QPA_PLATFORM=offscreen" "LANG=C.UTF-8")
cli() { "${clean_env[@]}" "$bundle/cohort-desk-cli" --db "$work/built.db" "$@"; }
cd "$work"
"${clean_env[@]}" "$bundle/cohort-desk-cli" --version
cli demo
cli check
cli people --json > people.json
python3 -c "import json; n=len(json.load(open('people.json'))); assert n == 120, n; print(n, 'people from the built CLI')"

# openpyxl writes, python-calamine and email-validator read back into a second database.
cli export people -o people.xlsx
"${clean_env[@]}" "$bundle/cohort-desk-cli" --db "$work/imported.db" import people.xlsx --json \
    > imported.json
python3 -c "import json; d=json.load(open('imported.json')); assert d['created'] == 120, d; print('120 people imported by the built CLI')"
# reportlab with the embedded fonts, then segno's QR codes on certificates.
cli register 1 -o register.pdf
cli cohort list --json > cohorts.json
cohort=$(python3 -c "import json; print(json.load(open('cohorts.json'))[-1]['name'])")
cli register --summary --cohort "$cohort" -o summary.xlsx
cli certificates --session 1 -o certificates --json > certificates.json
python3 -c "import json; d=json.load(open('certificates.json')); assert d['files'], d; print(len(d['files']), 'certificate files from the built CLI')"
# cryptography seals the verification page; its page files come from resources/.
cli publish-verification -o verify-site --json > published.json
python3 -c "import json; d=json.load(open('published.json')); assert d['certificates'] > 0 and len(d['files']) == 4, d; print(d['certificates'], 'certificates sealed in the verification page by the built CLI')"
# Names in other scripts: the bundled fonts are found, and HarfBuzz and the bidi algorithm load.
printf 'Given name,Family name,Email\nمحمد,الهاشمي,arabic@example.org\nதமிழ்செல்வி,இராமசாமி,tamil@example.org\n秀英,王,chinese@example.org\n' > scripts.csv
scripts() { "${clean_env[@]}" "$bundle/cohort-desk-cli" --db "$work/scripts.db" "$@"; }
scripts cohort add "Every script"
sid=$(scripts session add --cohort "Every script" --title "Launch" --start "2026-03-02 09:30")
scripts import scripts.csv --cohort "Every script" --role participant > /dev/null
scripts register "$sid" -o scripts.pdf
for font in NotoSansArabic NotoSansTamil WenQuanYiMicroHei; do
    pdffonts scripts.pdf | grep -q "$font" || { echo "$font is not in the register"; exit 1; }
done
echo "the built CLI printed Arabic, Tamil and Chinese names with their own fonts"
# psycopg and its libpq load and try the (absent) server: a refusal, not a crash.
set +e
"${clean_env[@]}" "$bundle/cohort-desk-cli" --db "postgresql+psycopg://cohort@127.0.0.1:9/none" \
    check > postgres.log 2>&1
set -e
grep -qE "cannot (open the database|reach the database server)" postgres.log || { echo "PostgreSQL driver:"; cat postgres.log; exit 1; }
echo "the built CLI reached for PostgreSQL through psycopg"
for f in register.pdf summary.xlsx; do test -s "$f" || { echo "$f was not written"; exit 1; }; done

run_window() {  # $1: a label; the rest: the command that starts the window
    local label=$1; shift
    set +e
    "$@" > gui.log 2>&1
    local code=$?
    set -e
    if [ "$code" -ne 124 ]; then
        echo "the built window ($label) exited early with code $code:"; cat gui.log; exit 1
    fi
    if grep -qiE "traceback|error|could not (load|find)" gui.log; then
        echo "the built window ($label) reported errors:"; cat gui.log; exit 1
    fi
    echo "the built window ($label) ran for 8 s without error"
}
run_window offscreen "${clean_env[@]}" timeout 8 "$bundle/Cohort Desk" --db "$work/built.db"
# The xcb plugin is the one real Linux desktops load: check its libraries are all there.
if command -v xvfb-run > /dev/null; then
    run_window "X11 under Xvfb" xvfb-run -a sh -c 'exec env -i "HOME=$0" "PATH=/usr/bin:/bin" \
        "COHORT_DESK_HOME=$0/home" "LANG=C.UTF-8" "DISPLAY=$DISPLAY" "XAUTHORITY=$XAUTHORITY" \
        QT_QPA_PLATFORM=xcb QT_DEBUG_PLUGINS=0 timeout 8 "$1" --db "$0/built.db"' \
        "$work" "$bundle/Cohort Desk"
fi
