import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from interventions.actions import update_mediation
from interventions.models import MediationReferral
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_finishing_mediation_records_the_outcome_and_end_date(world: World, officer: User) -> None:
    referral = making.referral(world.north_case, officer)
    update_mediation(
        referral=referral,
        customer_agreed=True,
        first_session_on=making.days_ago(5),
        ended_on=making.days_ago(1),
        outcome=MediationReferral.Outcome.PARTLY_RESOLVED,
        outcome_notes="Agreed to email the housing officer once a week.",
        by=officer,
    )
    referral.refresh_from_db()
    assert referral.outcome == "partly_resolved" and referral.ended_on == making.days_ago(1)
    lines = world.north_case.chronology.filter(kind=ChronologyEntry.Kind.MEDIATION)
    assert lines.filter(summary__contains="Partly resolved").exists()
    assert AuditEvent.objects.filter(
        kind=Event.MEDIATION_RECORDED, object_id=str(referral.pk), detail__change="updated"
    ).exists()


def test_a_finished_outcome_needs_the_end_date(world: World, officer: User) -> None:
    referral = making.referral(world.north_case, officer)
    with pytest.raises(ValidationError) as refused:
        update_mediation(
            referral=referral,
            customer_agreed=False,
            first_session_on=None,
            ended_on=None,
            outcome=MediationReferral.Outcome.DECLINED,
            by=officer,
        )
    assert refused.value.message_dict == {
        "ended_on": ["Enter the date mediation ended or the customer declined it."]
    }
    referral.refresh_from_db()
    assert referral.outcome == MediationReferral.Outcome.IN_PROGRESS


def test_mediation_cannot_end_before_it_was_referred(world: World, officer: User) -> None:
    referral = making.referral(world.north_case, officer)
    with pytest.raises(ValidationError) as refused:
        update_mediation(
            referral=referral,
            customer_agreed=True,
            first_session_on=None,
            ended_on=making.days_ago(30),
            outcome=MediationReferral.Outcome.RESOLVED,
            by=officer,
        )
    assert "ended_on" in refused.value.message_dict


def test_the_database_refuses_an_outcome_without_an_end_date(world: World, officer: User) -> None:
    referral = making.referral(world.north_case, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        MediationReferral.objects.filter(pk=referral.pk).update(outcome="resolved")
