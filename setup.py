"""Packaging shim: installs the top-level resources/ folder inside the package.

resources/ stays at the top of the repository (fonts and icons with their licences, used by
the build and the installer too), but a wheel must carry it: it becomes the package
``cohort_desk.resources``, which ``cohort_desk.paths.resources_dir`` finds. pyproject.toml
cannot map a folder into a package while it also finds the packages by itself, hence this file;
everything else about the project is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["cohort_desk*"]), "cohort_desk.resources"],
    package_dir={"cohort_desk.resources": "resources"},
)
