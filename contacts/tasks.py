from typing import Any

from django.db import transaction
from django.tasks import task

from contacts.csv_import import run_import
from contacts.signals import refresh_people


@task()
def import_contacts_file(import_id: int) -> dict[str, Any]:
    """A large contact centre file, imported by the background worker."""
    return run_import(import_id)


@task()
def refresh_signals(person_ids: list[int], rechecked: list[int]) -> int:
    """The signals of people who contacted us, brought up to date after their contacts are
    committed: a batch from another system, or those whose log must be read (`refresh_people`).
    `rechecked`: those of them whose new contacts named a reference."""
    with transaction.atomic():
        return refresh_people(person_ids, with_references=rechecked, defer_detail=False)
