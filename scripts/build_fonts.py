"""Rebuild resources/fonts from Debian 12's font packages: lean TrueType subsets for every script.

Run as root on Debian 12 (no network but Debian's archive is needed):

    python3 scripts/build_fonts.py

It downloads the .deb files with `apt-get download`, unpacks them in a temporary folder and
writes hinting-free copies (PDF viewers ignore TrueType hinting at print resolutions; it is a
third of a Noto font's size) keeping every character and every layout feature the shaper needs.
ReportLab embeds TrueType outlines only, so CJK comes from WenQuanYi Micro Hei (glyf outlines),
not Noto Sans CJK (CFF).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
PACKAGES = ["fonts-noto-core", "fonts-wqy-microhei", "fonts-dejavu-core"]
NOTO = "usr/share/fonts/truetype/noto"
SCRIPTS = [
    "",
    "Arabic",
    "Hebrew",
    "Devanagari",
    "Bengali",
    "Gurmukhi",
    "Gujarati",
    "Tamil",
    "Sinhala",
    "Thai",
]
WQY = "usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DEJAVU = "usr/share/fonts/truetype/dejavu"


def lean(font: TTFont, target: Path) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.drop_tables += ["vhea", "vmtx", "FFTM", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    font.save(target)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=work, check=True)
        for deb in work.glob("*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "x")], check=True)
        x = work / "x"
        for script in SCRIPTS:
            for weight in ("Regular", "Bold"):
                name = f"NotoSans{script}-{weight}.ttf"
                lean(TTFont(x / NOTO / name), OUT / name)
        lean(TTCollection(x / WQY).fonts[0], OUT / "WenQuanYiMicroHei.ttf")
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            lean(TTFont(x / DEJAVU / name), OUT / name)
        shutil.copy(x / "usr/share/doc/fonts-wqy-microhei/copyright", OUT / "LICENSE-WenQuanYi.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
