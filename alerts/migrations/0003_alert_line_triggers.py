"""PostgreSQL keeps the alert look-up's projection itself: install the triggers and fill it.

On SQLite nothing happens: the hot path is not installed there and the look-up reads through
the ORM. The SQL lives in `alerts.triggers`; a later change to it comes with a migration that
runs `install` again (CREATE OR REPLACE) and, if the rows change shape, `rebuild`.
"""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from alerts import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor)
        triggers.rebuild(cursor)


def uninstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from alerts import triggers

    with schema_editor.connection.cursor() as cursor:
        triggers.uninstall(cursor)


class Migration(migrations.Migration):
    # The tables the triggers sit on and the functions read, as they are now.
    dependencies = [
        ("alerts", "0002_alert_line_projection"),
        ("flags", "0001_warning_flags"),
        ("restrictions", "0001_contact_restrictions"),
        ("decisions", "0004_default_decision_settings"),
        ("people", "0003_prefix_search_indexes_postgresql"),
        ("access", "0002_sign_in_attempt"),
        ("api", "0002_idempotency_and_webhooks"),
        ("contractors", "0001_contractor_jobs"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
