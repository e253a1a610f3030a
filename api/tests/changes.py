"""Alert change log rows for the API's tests.

The alerts app writes these in the same transaction as each change to a flag or restriction;
here the feed and webhooks are tested on the log itself, so rows are written directly.
"""

from alerts.models import AlertChange
from people.models import Person, Property


def log_change(
    *,
    person: Person | None = None,
    home: Property | None = None,
    kind: str = "started",
    measure: str = "warning_flag",
    measure_id: int = 1,
) -> AlertChange:
    return AlertChange.objects.create(
        kind=kind, person=person, home=home, measure=measure, measure_id=measure_id
    )
