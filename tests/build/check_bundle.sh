#!/usr/bin/env bash
# Builds the PyInstaller folder and proves the built executables run with no Python around them:
# the CLI answers --version, fills a demo database and checks it; the window starts offscreen
# and is still running after a few seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
python3 -m PyInstaller --clean --noconfirm --log-level WARN build.spec
echo "built in $(( $(date +%s) - start )) s; size: $(du -sh "dist/Cohort Desk" | cut -f1)"

bundle="$(pwd)/dist/Cohort Desk"
work=$(mktemp -d)
# A clean environment: no PYTHONPATH, no virtualenv, no Python on PATH.
clean_env=(env -i "HOME=$work" "PATH=/usr/bin:/bin" "COHORT_DESK_HOME=$work/home"
           "QT_QPA_PLATFORM=offscreen" "LANG=C.UTF-8")
cd "$work"
"${clean_env[@]}" "$bundle/cohort-desk-cli" --version
"${clean_env[@]}" "$bundle/cohort-desk-cli" --db "$work/built.db" demo
"${clean_env[@]}" "$bundle/cohort-desk-cli" --db "$work/built.db" check
"${clean_env[@]}" "$bundle/cohort-desk-cli" --db "$work/built.db" people --json > people.json
python3 -c "import json,sys; n=len(json.load(open('people.json'))); assert n == 120, n; print(n, 'people from the built CLI')"

set +e
"${clean_env[@]}" timeout 8 "$bundle/Cohort Desk" --db "$work/built.db" > gui.log 2>&1
code=$?
set -e
if [ "$code" -ne 124 ]; then
    echo "the built window exited early with code $code:"; cat gui.log; exit 1
fi
if grep -qiE "traceback|error" gui.log; then
    echo "the built window reported errors:"; cat gui.log; exit 1
fi
echo "the built window ran for 8 s without error"
