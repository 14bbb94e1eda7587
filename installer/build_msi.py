"""Build Cohort Desk's per-user MSI on Linux with wixl (Debian's msitools).

    python3 installer/build_msi.py "dist/Cohort Desk" -o CohortDesk.msi

Harvests the PyInstaller folder into a WiX fragment (one component per folder, its key path a
value under HKCU, as per-user components need), then runs wixl on installer/cohort-desk.wxs
and that fragment. Component GUIDs come from each folder's path, so they stay the same from one
version to the next.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Never change: the GUIDs of the harvested components are made from it and each folder's path.
COMPONENT_NAMESPACE = uuid.UUID("0b3f4c2e-7d1a-4e59-8c6b-5f2a9d7e3c18")
REGISTRY_KEY = r"Software\Cohort Desk\Installer\Folders"


def package_version() -> str:
    text = (ROOT / "cohort_desk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "(\d+)\.(\d+)\.(\d+)', text)
    if not found:
        raise SystemExit("cohort_desk/__init__.py has no x.y.z __version__ for the MSI")
    return ".".join(found.groups())


def ident(kind: str, relative: str) -> str:
    """An MSI identifier (letters, digits, _ and ., at most 72) unique to a path."""
    digest = hashlib.sha1(relative.encode("utf-8")).hexdigest()[:24]
    return f"{kind}_{digest}"


def harvest(folder: Path) -> tuple[str, int]:
    """The fragment listing every file under ``folder``, and how many files it holds."""
    components: list[str] = []
    files = 0

    def visit(directory: Path, indent: str) -> list[str]:
        nonlocal files
        relative = directory.relative_to(folder).as_posix()
        lines: list[str] = []
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
        here = [p for p in entries if p.is_file()]
        if here:
            component = ident("c", relative)
            components.append(component)
            guid = str(uuid.uuid5(COMPONENT_NAMESPACE, relative)).upper()
            lines.append(f'{indent}<Component Id="{component}" Guid="{guid}">')
            lines.append(
                f'{indent}  <RegistryValue Root="HKCU" Key="{REGISTRY_KEY}" '
                f'Name={quoteattr(relative)} Type="integer" Value="1" KeyPath="yes" />'
            )
            lines.append(f'{indent}  <RemoveFolder Id="{ident("r", relative)}" On="uninstall" />')
            for path in here:
                source = path.relative_to(folder).as_posix()
                lines.append(
                    f'{indent}  <File Id="{ident("f", source)}" Name={quoteattr(path.name)} '
                    f"Source={quoteattr('$(var.SourceDir)/' + source)} />"
                )
                files += 1
            lines.append(f"{indent}</Component>")
        for sub in (p for p in entries if p.is_dir()):
            inner = visit(sub, indent + "  ")
            if inner:
                sub_relative = sub.relative_to(folder).as_posix()
                lines.append(
                    f'{indent}<Directory Id="{ident("d", sub_relative)}" '
                    f"Name={quoteattr(sub.name)}>"
                )
                lines.extend(inner)
                lines.append(f"{indent}</Directory>")
        return lines

    body = visit(folder, "      ")
    refs = "\n".join(f'      <ComponentRef Id="{c}" />' for c in components)
    fragment = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">\n'
        "  <Fragment>\n"
        '    <DirectoryRef Id="INSTALLDIR">\n' + "\n".join(body) + "\n    </DirectoryRef>\n"
        '    <ComponentGroup Id="ProgramFiles">\n'
        + refs
        + "\n    </ComponentGroup>\n  </Fragment>\n</Wix>\n"
    )
    return fragment, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the PyInstaller folder (dist/Cohort Desk)")
    parser.add_argument("-o", "--output", type=Path, default=Path("CohortDesk.msi"))
    parser.add_argument("--version", help="x.y.z (default: the package's version)")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    for exe in ("Cohort Desk.exe", "cohort-desk-cli.exe"):
        if not (folder / exe).is_file():
            parser.error(f"{folder} holds no {exe}; build it with PyInstaller on Windows first")
    wixl = shutil.which("wixl")
    if wixl is None:
        parser.error("wixl is not installed; on Debian: apt-get install msitools wixl")
    version = args.version or package_version()
    fragment, count = harvest(folder)
    output = args.output.resolve()
    with tempfile.TemporaryDirectory() as work:
        # wixl finds source files only by paths relative to where it runs: links make them so.
        (Path(work) / "program").symlink_to(folder, target_is_directory=True)
        icon = ROOT / "resources" / "icons" / "cohort-desk.ico"
        (Path(work) / "cohort-desk.ico").symlink_to(icon)
        (Path(work) / "files.wxs").write_text(fragment, encoding="utf-8")
        shutil.copy(HERE / "cohort-desk.wxs", Path(work) / "cohort-desk.wxs")
        built = subprocess.run(
            [
                wixl,
                "--arch",
                "x64",
                "-D",
                f"Version={version}",
                "-D",
                "SourceDir=program",
                "-D",
                "IconFile=cohort-desk.ico",
                "-o",
                str(output),
                "cohort-desk.wxs",
                "files.wxs",
            ],
            cwd=work,
            capture_output=True,
            text=True,
        )
        if built.returncode != 0:
            print(built.stdout + built.stderr, file=sys.stderr)
            raise SystemExit(f"wixl could not build the MSI (exit {built.returncode})")
    size = output.stat().st_size / 2**20
    print(f"{output}: Cohort Desk {version}, {count} files, {size:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
