"""Reasons, narrative and vulnerabilities never reach frontline colleagues or contractors.

A canary string goes into every reason, incident narrative and vulnerability field; then
every page a frontline colleague or a contractor can request is rendered, with every record
id filled in, and searched, as are their notifications and emails.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from access.models import User
from appeals.actions import lodge_appeal
from conftest import World, simple_report
from contractors.actions import record_job
from decisions.actions import approve_decision, assess_case, record_needs_check
from flags.actions import lift_flag, propose_flag
from incidents.actions import report_incident
from notifications.models import Notification
from restrictions.actions import propose_restriction

pytestmark = pytest.mark.django_db

CANARY = "CANARY-7f3a9"
VIEWERS = ["frontline", "contractor_a", "contractor_b"]


def walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found += walk(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}:{entry.name}" if namespace else entry.name, entry))
    return found


@pytest.fixture
def secrets(world: World, personas: dict[str, User]) -> dict[str, int]:
    officer, head = personas["officer"], personas["head_of_service"]
    today = date.today()
    # Reported and suffered by the case officer: not the frontline colleague's to read.
    incident = report_incident(
        report=simple_report(
            person=world.north_person,
            colleague=officer,
            description=f"He said {CANARY} narrative",
            exact_words=f"{CANARY} exact words",
        ),
        by=officer,
    )
    case = world.north_case
    assess_case(
        case=case, behaviours=["threats"], severity=4, by=officer, notes=f"{CANARY} assessment"
    )
    record_needs_check(
        case=case,
        by=officer,
        referral_offered=True,
        consent="agreed",
        consent_date=today,
        consent_how="verbally",
        referral_agency=f"{CANARY} agency",
        needs=["other"],
        other_need=f"{CANARY} need",
        referral_outcome=f"{CANARY} outcome",
        notes=f"{CANARY} needs notes",
        expectation_explained=True,
    )
    flag = propose_flag(
        case=case,
        by=officer,
        risk_level="high",
        handling_instruction="Attend in pairs; meet at the office.",
        incidents=[incident],
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis=f"{CANARY} flag basis",
        home=world.north_home,
    )
    approve_decision(decision=flag.decision, by=head, note=f"{CANARY} approval note")
    old_flag = propose_flag(
        case=case,
        by=officer,
        risk_level="medium",
        handling_instruction="Do not visit after dark.",
        incidents=[incident],
        starts_on=today,
        review_on=today + timedelta(days=120),
        basis=f"{CANARY} old basis",
        person=world.north_person,
    )
    approve_decision(decision=old_flag.decision, by=head)
    restriction = propose_restriction(
        case=case,
        by=officer,
        kind="single_point_of_contact",
        single_point_of_contact=officer,
        starts_on=today,
        review_on=today + timedelta(days=120),
        basis=f"{CANARY} restriction basis",
        adjustment_rationale=f"{CANARY} adjustment",
    )
    approve_decision(decision=restriction.decision, by=head)
    lodge_appeal(
        decision=restriction.decision,
        received_on=today,
        how_received="letter",
        grounds=f"{CANARY} grounds",
        by=officer,
    )
    record_job(
        external_reference="JOB-1",
        home=world.north_home,
        contractor_id=personas["contractor_a"].contractor_organisation_id,  # type: ignore[arg-type]
        starts_on=today - timedelta(days=1),
        ends_on=None,
        by=None,
    )
    lift_flag(flag=old_flag, reason=f"{CANARY} lift reason", by=officer)
    return {
        "incident_id": incident.pk,
        "case_id": case.pk,
        "person_id": world.north_person.pk,
        "property_id": world.north_home.pk,
        "flag_id": flag.pk,
        "restriction_id": restriction.pk,
        "decision_id": flag.decision_id,
        "affected_id": incident.affected_colleagues.get().pk,
    }


def test_no_reason_narrative_or_need_reaches_frontline_or_contractors(
    secrets: dict[str, int], sign_in: Any, personas: dict[str, User]
) -> None:
    queries = {"people:search": "?q=Archer", "incidents:person_options": "?person_query=Archer"}
    checked = 0
    for persona in VIEWERS:
        client = sign_in(persona)
        for name, pattern in walk(get_resolver().url_patterns):
            if name.startswith("admin:") or name == "logout":
                continue
            converters = pattern.pattern.converters
            if any(key not in secrets for key in converters):
                continue
            url = reverse(name, kwargs={key: secrets[key] for key in converters})
            response = client.get(url + queries.get(name, ""))
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert CANARY.encode() not in body, f"{persona} saw the canary on {name}"
            checked += 1
        user = personas[persona]
        for note in Notification.objects.filter(recipient=user):
            assert CANARY not in note.message, f"{persona} was notified of the canary"
        for message in mail.outbox:
            if user.email in message.to:
                assert CANARY not in f"{message.subject} {message.body}", f"{persona} emailed it"
    assert checked > 60
    # The instruction itself does reach them.
    page = sign_in("frontline").get(reverse("people:person", args=[secrets["person_id"]]))
    assert "Attend in pairs; meet at the office." in page.content.decode()
