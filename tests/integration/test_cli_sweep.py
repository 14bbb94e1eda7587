"""Hostile but realistic command lines found by the second sweep (issue 22's sweep): each is
refused in one sentence with the contract's exit code, or does exactly what it says."""

from __future__ import annotations

import pytest


def _refused(result, code: int = 2) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    assert result.out == ""
    assert "Traceback" not in result.err and "did not expect" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    return result.err


@pytest.mark.parametrize(
    "command",
    [
        ("people", "--cohort", ""),
        ("export", "people", "--cohort", "", "-o", "{tmp}/people.csv"),
        ("certificates", "--cohort", "", "-o", "{tmp}/certs"),
        ("certificate", "list", "--cohort", ""),
        ("pairs", "--cohort", ""),
    ],
)
def test_an_empty_cohort_name_is_refused_not_taken_as_every_cohort(cli, tmp_path, command):
    # A script's empty variable (--cohort "$COHORT") must not export or list everyone.
    cli("cohort", "add", "Alpha")
    err = _refused(cli(*(part.format(tmp=tmp_path) for part in command)))
    assert "no cohort called ''" in err
    assert list(tmp_path.glob("people.csv")) == [] and not (tmp_path / "certs").exists()


def test_a_bad_role_names_the_roles_as_they_are_typed(cli):
    err = _refused(cli("people", "--role", "boss"))
    assert "'participant', 'mentor', 'facilitator'" in err
    assert "Role." not in err
