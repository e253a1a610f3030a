import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from interventions.models import Disclosure
from interventions.sharing import SELF_APPROVAL_REFUSED, approve_disclosure
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_a_senior_colleague_approves_an_officers_proposal(
    world: World, officer: User, director: User
) -> None:
    disclosure = approve_disclosure(
        disclosure=making.disclosure(world.north_case, officer), by=director
    )
    assert disclosure.approved_by == director and disclosure.approved_at is not None
    assert disclosure.state_label == "Approved, not yet shared"
    assert AuditEvent.objects.filter(
        kind=Event.DISCLOSURE_APPROVED, object_id=str(disclosure.pk), actor=director
    ).exists()


def test_the_proposer_cannot_approve_their_own_and_nothing_is_written(
    world: World, head_of_service: User
) -> None:
    disclosure = making.disclosure(world.north_case, head_of_service)
    before = (AuditEvent.objects.count(), ChronologyEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        approve_disclosure(disclosure=disclosure, by=head_of_service)
    assert refused.value.messages == [SELF_APPROVAL_REFUSED]
    assert "you cannot approve it" in SELF_APPROVAL_REFUSED
    disclosure.refresh_from_db()
    assert disclosure.approved_by is None and disclosure.approved_at is None
    assert (AuditEvent.objects.count(), ChronologyEntry.objects.count()) == before


def test_a_case_officer_cannot_approve(world: World, officer: User, other_officer: User) -> None:
    disclosure = making.disclosure(world.north_case, officer)
    with pytest.raises(ValidationError):
        approve_disclosure(disclosure=disclosure, by=other_officer)
    disclosure.refresh_from_db()
    assert not disclosure.is_approved


def test_a_disclosure_is_approved_only_once(
    world: World, officer: User, director: User, head_of_service: User
) -> None:
    disclosure = approve_disclosure(
        disclosure=making.disclosure(world.north_case, officer), by=director
    )
    with pytest.raises(ValidationError) as refused:
        approve_disclosure(disclosure=disclosure, by=head_of_service)
    assert refused.value.messages == ["This disclosure has already been approved."]
    disclosure.refresh_from_db()
    assert disclosure.approved_by == director


def test_the_database_refuses_self_approval_too(world: World, head_of_service: User) -> None:
    disclosure = making.disclosure(world.north_case, head_of_service)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(
            approved_by=head_of_service, approved_at=timezone.now()
        )
