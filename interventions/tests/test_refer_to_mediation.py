from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from interventions.models import MediationReferral
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_a_referral_is_recorded_with_a_chronology_line_and_an_audit_row(
    world: World, officer: User
) -> None:
    referral = making.referral(world.north_case, officer)
    assert referral.outcome == MediationReferral.Outcome.IN_PROGRESS
    assert referral.recorded_by == officer
    line = world.north_case.chronology.get(kind=ChronologyEntry.Kind.MEDIATION)
    assert "West of England Mediation" in line.summary
    assert line.at.date() == referral.referred_on
    event = AuditEvent.objects.get(kind=Event.MEDIATION_RECORDED, object_id=str(referral.pk))
    assert event.actor == officer and event.detail["case"] == world.north_case.pk


def test_a_referral_needs_the_service_named(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.referral(world.north_case, officer, service_name="  ")
    assert refused.value.message_dict == {
        "service_name": ["Enter the name of the mediation service."]
    }
    assert not MediationReferral.objects.exists()


def test_a_referral_cannot_be_dated_in_the_future(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.referral(world.north_case, officer, referred_on=making.today() + timedelta(days=1))
    assert "referred_on" in refused.value.message_dict


def test_no_session_is_booked_until_the_customer_agrees(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.referral(
            world.north_case, officer, customer_agreed=False, first_session_on=making.today()
        )
    assert "Mediation is voluntary" in refused.value.message_dict["first_session_on"][0]
    assert not AuditEvent.objects.filter(kind=Event.MEDIATION_RECORDED).exists()
