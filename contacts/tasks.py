from typing import Any

from django.tasks import task

from contacts.csv_import import run_import


@task()
def import_contacts_file(import_id: int) -> dict[str, Any]:
    """A large contact centre file, imported by the background worker."""
    return run_import(import_id)
