"""Names Windows keeps for devices, as a table."""

from __future__ import annotations

import pytest

from cohort_desk.rules.file_names import UNSAFE_CHARACTERS, is_windows_device_name


@pytest.mark.parametrize(
    ("name", "device"),
    [
        ("CON", True),
        ("nul.xlsx", True),
        ("Com1 .csv", True),
        ("lpt9.tar.gz", True),
        ("AUX.people.csv", True),
        ("CONSULTANTS.xlsx", False),
        ("COM10.csv", False),
        ("my con.csv", False),
        (".con", False),
        ("", False),
    ],
)
def test_device_names(name, device):
    assert is_windows_device_name(name) is device


def test_unsafe_characters_are_those_windows_refuses_and_controls():
    assert (
        UNSAFE_CHARACTERS.sub("_", 'a\\b/c:d*e?f"g<h>i|j\x00k\x1fl\x7fm')
        == "a_b_c_d_e_f_g_h_i_j_k_l_m"
    )
