"""Prefix search ("Arch" finds Archer) by index on PostgreSQL.

Django's istartswith becomes UPPER(column) LIKE 'ARCH%'. Under a non-C collation PostgreSQL
uses a btree index for that only with the pattern operator class, which SQLite has no
equivalent of: so these indexes are made on PostgreSQL alone.
"""

from django.db import migrations

INDEXES = [
    ("person_last_name_prefix", "people_person", "last_name"),
    ("person_first_name_prefix", "people_person", "first_name"),
    ("property_postcode_prefix", "people_property", "postcode"),
    ("property_address_prefix", "people_property", "address_line_1"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" (UPPER("{column}") varchar_pattern_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0002_search_by_reference")]
    operations = [migrations.RunPython(create, drop)]
