"""Demand signals raised and acted on (the contact log's signals of unreasonable demands).

Looked up by name, so the dashboard still works on a database where the contact log is not
yet in use.
"""

import functools
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Count, Q

from governance.periods import Period
from governance.tables import Section, Table, percentage


def _signal_model() -> Any:
    """The contact log's DemandSignal, if it is installed and its table migrated."""
    try:
        model = apps.get_model("contacts", "DemandSignal")
    except LookupError:
        return None
    if model._meta.db_table not in _tables():
        return None
    return model


@functools.cache
def _tables() -> frozenset[str]:
    # Read once a process: a migration that adds the table comes with a restart.
    return frozenset(connection.introspection.table_names())


def demand_signals(period: Period) -> dict[str, int] | None:
    model = _signal_model()
    if model is None:
        return None
    start, end = period.bounds()
    raised = model.objects.filter(raised_at__gte=start, raised_at__lt=end)
    return raised.aggregate(
        raised=Count("id"),
        acted_on=Count("id", filter=Q(status="acted_on")),
        dismissed=Count("id", filter=Q(status="dismissed")),
        waiting=Count("id", filter=Q(status="raised")),
    )


def demand_section(period: Period) -> Section:
    found = demand_signals(period)
    intro = (
        "Signals the contact log raised when a customer's contacts looked like unreasonable "
        "demands (policy: an excessive number of approaches; an excessively high volume of "
        "contact), and what officers did with them."
    )
    if found is None:
        return Section("demand", "Demand signals", intro + " The contact log is not in use.", [])
    table = Table(
        "demand_signals",
        "Demand signals raised in the period",
        ["Signals", "Number", "Share raised"],
        [
            [label, found[key], percentage(found[key], found["raised"])]
            for key, label in (
                ("raised", "Raised"),
                ("acted_on", "Acted on (an incident recorded)"),
                ("dismissed", "Dismissed"),
                ("waiting", "Not yet looked at"),
            )
        ],
    )
    return Section("demand", "Demand signals", intro, [table])
