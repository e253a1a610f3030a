from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from decisions.actions import approve_decision, record_needs_check
from decisions.models import Decision
from flags.actions import lift_flag, propose_flag
from flags.instructions import for_homes, for_people
from flags.models import WarningFlag

pytestmark = pytest.mark.django_db

INSTRUCTION = "Attend in pairs; do not enter the property; meet at the office."
REASON = "He threatened the gas engineer with a hammer on 3 March."


def flag_on(world: World, officer: User, **subject: Any) -> WarningFlag:
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    return propose_flag(
        case=world.north_case,
        by=officer,
        risk_level="high",
        handling_instruction=INSTRUCTION,
        incidents=[world.north_incident],
        starts_on=date.today(),
        review_on=date.today() + timedelta(days=180),
        basis=REASON,
        **(subject or {"person": world.north_person}),
    )


def test_a_flag_takes_effect_only_when_a_manager_approves_it(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = flag_on(world, officer)
    assert not flag.is_active and for_people([world.north_person.pk]) == {}
    approve_decision(decision=flag.decision, by=head_of_service)
    flag.refresh_from_db()
    assert flag.is_active
    [instruction] = for_people([world.north_person.pk])[world.north_person.pk]
    assert instruction.text == INSTRUCTION and instruction.risk_level == "High"


def test_the_proposer_cannot_approve_their_own_flag(world: World, head_of_service: User) -> None:
    flag = flag_on(world, head_of_service)
    with pytest.raises(ValidationError, match="someone else must approve"):
        approve_decision(decision=flag.decision, by=head_of_service)
    assert not WarningFlag.objects.get(pk=flag.pk).is_active


def test_a_flag_without_incidents_is_refused(world: World, officer: User) -> None:
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    with pytest.raises(ValidationError) as refused:
        propose_flag(
            case=world.north_case,
            by=officer,
            risk_level="high",
            handling_instruction=INSTRUCTION,
            incidents=[],
            starts_on=date.today(),
            review_on=date.today() + timedelta(days=180),
            basis=REASON,
            person=world.north_person,
        )
    assert "incidents" in refused.value.message_dict
    assert WarningFlag.objects.count() == 0 and Decision.objects.count() == 0


def test_a_review_date_outside_the_bounds_is_refused(world: World, officer: User) -> None:
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    with pytest.raises(ValidationError) as refused:
        propose_flag(
            case=world.north_case,
            by=officer,
            risk_level="high",
            handling_instruction=INSTRUCTION,
            incidents=[world.north_incident],
            starts_on=date.today(),
            review_on=date.today() + timedelta(days=400),
            basis=REASON,
            person=world.north_person,
        )
    assert "policy: 3 to 12 months" in refused.value.message_dict["review_on"][0]
    assert WarningFlag.objects.count() == 0


def test_a_flag_on_the_home_shows_for_every_resident_and_the_home(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = flag_on(world, officer, home=world.north_home)
    approve_decision(decision=flag.decision, by=head_of_service)
    assert for_people([world.north_person.pk])[world.north_person.pk][0].applies_to == "their home"
    assert for_homes([world.north_home.pk])[world.north_home.pk][0].applies_to == "this home"


def test_lifting_keeps_the_flag_with_who_when_and_why(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = flag_on(world, officer)
    approve_decision(decision=flag.decision, by=head_of_service)
    lift_flag(flag=flag, reason="No incidents for six months.", by=officer)
    flag.refresh_from_db()
    assert flag.lifted_by == officer and flag.lifted_at and flag.lift_reason
    assert not flag.is_active and for_people([world.north_person.pk]) == {}
    assert flag.decision.status == Decision.Status.ENDED
    with pytest.raises(ValidationError, match="already been lifted"):
        lift_flag(flag=flag, reason="Again", by=officer)
    assert AuditEvent.objects.filter(kind=Event.FLAG_LIFTED).count() == 1


def test_colleagues_see_the_instruction_and_only_case_workers_see_the_reasons(
    world: World, officer: User, head_of_service: User, sign_in: Any
) -> None:
    flag = flag_on(world, officer)
    approve_decision(decision=flag.decision, by=head_of_service)
    url = reverse("flags:detail", args=[flag.pk])
    frontline_page = sign_in("frontline").get(url).content.decode()
    assert INSTRUCTION in frontline_page and REASON not in frontline_page
    assert AuditEvent.objects.filter(kind=Event.FLAG_REASONS_READ).count() == 0
    officer_page = sign_in("officer").get(url).content.decode()
    assert REASON in officer_page
    assert AuditEvent.objects.filter(kind=Event.FLAG_REASONS_READ, actor=officer).count() == 1
    assert sign_in("contractor_a").get(url).status_code == 404
    assert sign_in("admin").get(url).status_code == 403


def test_the_instruction_appears_wherever_the_person_or_home_does(
    world: World, officer: User, head_of_service: User, sign_in: Any
) -> None:
    flag = flag_on(world, officer)
    approve_decision(decision=flag.decision, by=head_of_service)
    client = sign_in("frontline")
    pages = [
        reverse("people:search") + "?q=Archer",
        reverse("people:person", args=[world.north_person.pk]),
        reverse("people:property", args=[world.north_home.pk]),
        reverse("incidents:person_options") + "?person_query=Archer",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert INSTRUCTION in text, url
        assert REASON not in text, url
    case_page = sign_in("officer").get(reverse("cases:detail", args=[world.north_case.pk]))
    assert INSTRUCTION in case_page.content.decode()


def test_proposing_a_flag_from_the_case(world: World, sign_in: Any, officer: User) -> None:
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    client = sign_in("officer")
    url = reverse("flags:propose", args=[world.north_case.pk])
    refused = client.post(
        url, {"subject": "home", "risk_level": "high", "handling_instruction": INSTRUCTION}
    )
    assert refused.status_code == 422
    assert "Select the recorded incidents the flag rests on." in refused.content.decode()
    assert INSTRUCTION in refused.content.decode()
    response = client.post(
        url,
        {
            "subject": "home",
            "incidents": [world.north_incident.pk],
            "risk_level": "high",
            "handling_instruction": INSTRUCTION,
            "starts_on": date.today().isoformat(),
            "review_on": (date.today() + timedelta(days=120)).isoformat(),
            "basis": REASON,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    flag = WarningFlag.objects.get()
    assert response["Location"] == reverse("flags:detail", args=[flag.pk])
    assert flag.home == world.north_home and flag.decision.status == "awaiting_approval"


def test_a_flag_on_a_household_with_nobody_recorded_shows_at_its_home(
    world: World, officer: User, head_of_service: User
) -> None:
    from people.actions import record_household

    empty, _ = record_household(
        external_reference="HH-EMPTY", name="Empty household", property=world.north_home, by=officer
    )
    flag = flag_on(world, officer, household=empty)
    approve_decision(decision=flag.decision, by=head_of_service)
    [shown] = for_homes([world.north_home.pk])[world.north_home.pk]
    assert shown.applies_to == "Empty household"
