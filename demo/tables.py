"""Writing many rows fast: COPY on PostgreSQL, executemany on SQLite.

Used only by seed_demo's bulk path. Rows carry their own primary keys so that children can
point at parents without reading them back; sequences are reset afterwards.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


class TableWriter:
    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.written: dict[type[models.Model], int] = {}

    def next_id(self, model: type[models.Model]) -> int:
        top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
        return (top or 0) + 1

    def write(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        fields = [model._meta.get_field(name) for name in columns]
        concrete = [f for f in fields if isinstance(f, models.Field)]
        assert len(concrete) == len(fields), "only concrete columns can be written"
        names = ", ".join(connection.ops.quote_name(f.column or f.name) for f in concrete)
        table = connection.ops.quote_name(model._meta.db_table)
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                json_at = [i for i, f in enumerate(concrete) if isinstance(f, models.JSONField)]
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        if json_at:
                            row = list(row)
                            for i in json_at:
                                row[i] = json.dumps(row[i])
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(fields))
                prepared = [
                    [
                        f.get_db_prep_save(value, connection)
                        for f, value in zip(concrete, row, strict=True)
                    ]
                    for row in rows
                ]
                # Table and column names come from the models, never from input.
                insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(insert, prepared)
                count = len(prepared)
        self.written[model] = self.written.get(model, 0) + count

    def reset_sequences(self, models_written: Iterable[type[models.Model]]) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(models_written))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
