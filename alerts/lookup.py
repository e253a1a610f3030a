"""The alert look-up: the handling instructions in force for one person or one home.

This is what an outside system (the contact centre, a contractor's job system) is told:
exactly what the screens show through `flags.instructions` (`for_people`, `for_homes`),
never a reason. `look_up` answers through the ORM and is what the API endpoint calls;
`alerts.hotpath` answers the same question with one prepared SQL statement and builds its
body with the same `alert_payload` and `render_alert`, so both give the same bytes (tested).

Kinds: "person" (Person.external_reference), "property" (Property.external_reference),
"uprn" (Property.uprn). A contractor's system sees a home only while its firm has an active
job there, and never looks people up (need to know: contractors see only the homes they are
sent to); anything else it asks for is "not found", byte for byte the same as an unknown one.
"""

import json
from collections.abc import Iterable
from typing import Any

from contractors.models import Job, active_job_conditions
from flags.instructions import ALWAYS_ALLOWED, HandlingInstruction, for_homes, for_people
from people.models import Person, Property

KINDS = ("person", "property", "uprn")
MEASURE_OF_KIND = {"flag": "warning_flag", "restriction": "contact_restriction"}

NOT_FOUND_BODY: bytes = (
    b'{"detail":"No person or property with that reference is available to this token."}'
)


def alert_payload(
    *, kind: str, reference: str, instructions: Iterable[HandlingInstruction]
) -> dict[str, Any]:
    """The answer as plain JSON values (dates as ISO strings), flags first, oldest first."""
    ordered = sorted(instructions, key=lambda item: (item.is_restriction, item.object_id))
    return {
        "kind": kind,
        "reference": reference,
        "instructions": [
            {
                "measure": MEASURE_OF_KIND[item.kind],
                "reference": item.reference,
                "instruction": item.text,
                "applies_to": item.applies_to,
                "risk_level": item.risk_level or None,
                "single_point_of_contact": item.single_point_of_contact or None,
                "starts_on": item.starts_on.isoformat() if item.starts_on else None,
                "review_on": item.review_on.isoformat() if item.review_on else None,
            }
            for item in ordered
        ],
        "always_allowed": (
            ALWAYS_ALLOWED if any(item.is_restriction for item in ordered) else None
        ),
    }


def render_alert(payload: dict[str, Any]) -> bytes:
    """The exact body of a 200: compact JSON, UTF-8, keys in the order `alert_payload` sets."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _home_id(kind: str, reference: str) -> int | None:
    field = "external_reference" if kind == "property" else "uprn"
    found: int | None = (
        Property.objects.filter(**{field: reference}).values_list("pk", flat=True).first()
    )
    return found


def _firm_is_sent_there(contractor_id: int, home_id: int) -> bool:
    return Job.objects.filter(
        active_job_conditions(), contractor_id=contractor_id, home_id=home_id
    ).exists()


def look_up(*, kind: str, reference: str, contractor_id: int | None) -> dict[str, Any] | None:
    """The payload for `render_alert`, or None for "not found" (unknown, or not theirs)."""
    if kind == "person":
        if contractor_id is not None:
            return None
        person_id: int | None = (
            Person.objects.filter(external_reference=reference).values_list("pk", flat=True).first()
        )
        if person_id is None:
            return None
        lines = for_people([person_id]).get(person_id, [])
    elif kind in ("property", "uprn"):
        home_id = _home_id(kind, reference)
        if home_id is None:
            return None
        if contractor_id is not None and not _firm_is_sent_there(contractor_id, home_id):
            return None
        lines = for_homes([home_id]).get(home_id, [])
    else:
        return None
    return alert_payload(kind=kind, reference=reference, instructions=lines)
