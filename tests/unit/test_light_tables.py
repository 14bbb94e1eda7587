"""The tables named in db/light.py (read without importing the models, issue 22) are the
models' own: every column exists there, and its values need no conversion by its type."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from cohort_desk.db import light
from cohort_desk.db.models import Base, person_ref

DIALECTS = [sqlite.dialect(), postgresql.psycopg.dialect()]  # type: ignore[attr-defined]


@pytest.mark.parametrize("light_table", light.ALL, ids=lambda t: t.name)
def test_each_column_is_the_models_and_reads_back_unconverted(light_table) -> None:  # type: ignore[no-untyped-def]
    model_table = Base.metadata.tables[light_table.name]
    for column in light_table.c:
        assert column.name in model_table.c, f"{light_table.name}.{column.name} is not a column"
        if (light_table.name, column.name) in light.COMPARED_WITH_NULL_ONLY:
            continue
        model_type = model_table.c[column.name].type
        for dialect in DIALECTS:
            converter = model_type.dialect_impl(dialect).result_processor(dialect, None)
            assert converter is None, (
                f"{light_table.name}.{column.name} is converted when read ({model_type!r} on "
                f"{dialect.name}); read it through the models instead"
            )


def test_the_reference_is_the_same_from_both_places() -> None:
    assert person_ref(42) == light.person_ref(42) == "P0042"
