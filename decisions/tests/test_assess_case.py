from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World, simple_report
from decisions.actions import assess_case
from decisions.models import Assessment, Response
from incidents.actions import report_incident
from incidents.models import Behaviour

pytestmark = pytest.mark.django_db


def test_frequency_is_computed_from_the_persons_history(
    world: World, officer: User, frontline: User
) -> None:
    for days in (10, 60, 200, 400):
        report_incident(
            report=simple_report(
                person=world.north_person,
                colleague=frontline,
                occurred_at=timezone.now() - timedelta(days=days),
            ),
            by=frontline,
        )
    assessment = assess_case(
        case=world.north_case,
        behaviours=[Behaviour.SHOUTING_ABUSIVE_LANGUAGE],
        severity=2,
        by=officer,
    )
    # The world's own incident happened two hours ago.
    assert (
        assessment.incidents_30_days,
        assessment.incidents_90_days,
        assessment.incidents_365_days,
    ) == (2, 3, 4)


def test_the_recommendation_and_its_reasons_are_kept(world: World, officer: User) -> None:
    assessment = assess_case(
        case=world.north_case, behaviours=[Behaviour.PHYSICAL_VIOLENCE], severity=5, by=officer
    )
    assert assessment.recommended_response == Response.POLICE_REPORT
    assert any("violence" in reason for reason in assessment.recommendation_reasons)
    assert AuditEvent.objects.filter(kind=Event.CASE_ASSESSED).count() == 1
    assert world.north_case.chronology.filter(kind="assessment").exists()


@pytest.mark.parametrize(
    ("behaviours", "severity", "persistent", "expected"),
    [
        ([Behaviour.SHOUTING_ABUSIVE_LANGUAGE], 1, False, Response.INFORMAL_CONVERSATION),
        ([Behaviour.SHOUTING_ABUSIVE_LANGUAGE], 2, True, Response.WARNING_LETTER),
        ([Behaviour.PERSONAL_ABUSE], 3, True, Response.ACCEPTABLE_BEHAVIOUR_AGREEMENT),
        ([Behaviour.HIGH_VOLUME_CONTACT], 2, True, Response.CONTACT_RESTRICTION),
        ([Behaviour.THREATS], 4, False, Response.WARNING_FLAG),
        ([Behaviour.PHYSICAL_VIOLENCE], 5, True, Response.LEGAL_ACTION),
    ],
)
def test_the_ladder_recommends_a_proportionate_step(
    behaviours: list[str], severity: int, persistent: bool, expected: str
) -> None:
    from decisions.ladder import Frequency, recommend

    frequency = Frequency(1, 4 if persistent else 1, 8 if persistent else 1)
    assert (
        recommend(behaviours=behaviours, severity=severity, frequency=frequency).response
        == expected
    )


def test_an_assessment_without_behaviours_is_refused(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        assess_case(case=world.north_case, behaviours=[], severity=2, by=officer)
    assert "behaviours" in refused.value.message_dict
    assert Assessment.objects.count() == 0
