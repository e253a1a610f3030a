"""Keeping people and homes in step with the housing management system.

The housing system is the source of truth for who lives where; rows are matched on its
external reference, so importing the same file twice changes nothing the second time.
"""

from typing import Any

from django.db import models, transaction

from audit.actions import record_event
from audit.models import Event
from people.models import Household, Person, Property, Tenancy

CREATED_EVENTS = {
    Person: Event.PERSON_CREATED,
    Property: Event.PROPERTY_CREATED,
    Household: Event.HOUSEHOLD_CREATED,
    Tenancy: Event.TENANCY_CREATED,
}
UPDATED_EVENTS = {
    Person: Event.PERSON_UPDATED,
    Property: Event.PROPERTY_UPDATED,
    Household: Event.HOUSEHOLD_UPDATED,
    Tenancy: Event.TENANCY_UPDATED,
}


def _upsert[M: models.Model](
    model: type[M], *, external_reference: str, values: dict[str, Any], by: Any
) -> tuple[M, str]:
    """Create or update one row by external reference: (row, 'created'|'updated'|'unchanged')."""
    row = (
        model._default_manager.select_for_update()
        .filter(external_reference=external_reference)
        .first()
    )
    if row is None:
        row = model(external_reference=external_reference, **values)
        row.full_clean()
        row.save()
        record_event(subject=row, by=by, kind=CREATED_EVENTS[model])
        return row, "created"
    changed = {
        name: [str(getattr(row, name)), str(value)]
        for name, value in values.items()
        if getattr(row, name) != value
    }
    if not changed:
        return row, "unchanged"
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save(update_fields=list(changed))
    # Rectification keeps history: the audit row carries the previous values.
    record_event(subject=row, by=by, kind=UPDATED_EVENTS[model], detail={"changed": changed})
    return row, "updated"


@transaction.atomic
def record_property(*, external_reference: str, by: Any, **values: Any) -> tuple[Property, str]:
    return _upsert(Property, external_reference=external_reference, values=values, by=by)


@transaction.atomic
def record_household(*, external_reference: str, by: Any, **values: Any) -> tuple[Household, str]:
    return _upsert(Household, external_reference=external_reference, values=values, by=by)


@transaction.atomic
def record_tenancy(*, external_reference: str, by: Any, **values: Any) -> tuple[Tenancy, str]:
    return _upsert(Tenancy, external_reference=external_reference, values=values, by=by)


@transaction.atomic
def record_person(*, external_reference: str, by: Any, **values: Any) -> tuple[Person, str]:
    return _upsert(Person, external_reference=external_reference, values=values, by=by)
