import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from interventions.models import Disclosure
from interventions.tests import making
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_proposal_awaits_approval_and_tells_the_approvers(
    world: World, officer: User, head_of_service: User, director: User
) -> None:
    disclosure = making.disclosure(world.north_case, officer)
    assert disclosure.state_label == "Awaiting approval"
    assert disclosure.approved_by is None and disclosure.shared_on is None
    assert disclosure.lawful_basis_text == "Crime and Disorder Act 1998 s.115"
    assert set(
        Notification.objects.filter(kind=Notification.Kind.DISCLOSURE_APPROVAL_NEEDED).values_list(
            "recipient", flat=True
        )
    ) == {head_of_service.pk, director.pk}
    assert world.north_case.chronology.filter(kind=ChronologyEntry.Kind.POLICE).exists()
    assert AuditEvent.objects.filter(
        kind=Event.DISCLOSURE_PROPOSED, object_id=str(disclosure.pk), actor=officer
    ).exists()


def test_the_proposer_is_not_asked_to_approve_their_own(
    world: World, head_of_service: User, director: User
) -> None:
    making.disclosure(world.north_case, head_of_service)
    recipients = Notification.objects.filter(
        kind=Notification.Kind.DISCLOSURE_APPROVAL_NEEDED
    ).values_list("recipient", flat=True)
    assert list(recipients) == [director.pk]


def test_another_gateway_must_be_named(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.disclosure(
            world.north_case, officer, lawful_basis="other", data_protection_condition="other"
        )
    assert refused.value.message_dict == {
        "other_legal_gateway": ["Enter the other legal gateway for sharing."],
        "other_condition": ["Enter the other data protection condition."],
    }
    assert not Disclosure.objects.exists()


def test_what_and_why_are_required(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.disclosure(world.north_case, officer, what_was_shared="", purpose="")
    assert set(refused.value.message_dict) == {"what_was_shared", "purpose"}
