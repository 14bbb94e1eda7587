#!/usr/bin/env bash
# Builds the wheel, installs it into a fresh virtual environment (a normal install, not an
# editable one, with nothing of the repository on the path) and proves the installed command
# line writes a register, a certificate and an attendance summary: the fonts in resources/ must
# have been installed with the package, or the first PDF fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip wheel --no-deps --quiet --wheel-dir "$work/dist" .
wheel=$(ls "$work"/dist/cohort_desk-*.whl)
python3 -c "import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); \
    assert {'cohort_desk/resources/fonts/DejaVuSans.ttf', 'cohort_desk/resources/fonts/NotoSans-Regular.ttf'} <= set(names), 'no resources/ in the wheel'" \
    "$wheel"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"
echo "wheel built and installed in $(( $(date +%s) - start )) s"

# A clean environment: only the venv's executables, no PYTHONPATH, run away from the repository.
cd "$work"
clean_env=(env -i "HOME=$work" "PATH=$work/venv/bin:/usr/bin:/bin" "COHORT_DESK_HOME=$work/home"
           "QT_QPA_PLATFORM=offscreen" "LANG=C.UTF-8")
cli() { "${clean_env[@]}" cohort-desk --db "$work/x.db" "$@"; }
"${clean_env[@]}" "$work/venv/bin/python" -c "import cohort_desk, sys; \
    assert cohort_desk.__file__.startswith('$work/venv/'), cohort_desk.__file__"
cli demo
cli register 1 -o register.pdf
cli certificates --session 1 -o certificates --json > certificates.json
cli register 1 --summary -o summary.pdf
"$work/venv/bin/python" - <<'PY'
import json, pathlib
files = json.loads(pathlib.Path("certificates.json").read_text())["files"]
assert files, "no certificate was written"
for name in ["register.pdf", "summary.pdf", *files]:
    path = pathlib.Path(name)
    assert path.is_file() and path.stat().st_size > 1000, f"{name} was not written"
    # A font embedded from resources/fonts (a subset: "AAAAAA+NotoSans-Regular"), not only
    # the PDF viewer's built-in Helvetica.
    data = path.read_bytes()
    assert any(b"+" + font in data for font in (b"NotoSans", b"NotoSerif", b"DejaVuSans")), name
print(f"register, summary and {len(files)} certificate files written by the installed wheel")
PY
