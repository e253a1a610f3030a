import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from access.models import User
from audit.models import AuditEvent
from conftest import World
from interventions.models import Disclosure
from interventions.sharing import approve_disclosure, record_disclosure_shared
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_sharing_is_refused_before_approval_and_nothing_is_written(
    world: World, officer: User
) -> None:
    disclosure = making.disclosure(world.north_case, officer)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        record_disclosure_shared(
            disclosure=disclosure, shared_on=making.today(), method="Secure email", by=officer
        )
    assert refused.value.message_dict == {
        "shared_on": ["This disclosure has not been approved: do not share it yet."]
    }
    disclosure.refresh_from_db()
    assert disclosure.shared_on is None and disclosure.method == ""
    assert AuditEvent.objects.count() == before


def test_an_approved_disclosure_is_recorded_as_shared(
    world: World, officer: User, head_of_service: User
) -> None:
    disclosure = approve_disclosure(
        disclosure=making.disclosure(world.north_case, officer), by=head_of_service
    )
    shared = record_disclosure_shared(
        disclosure=disclosure, shared_on=making.today(), method="Secure email", by=officer
    )
    assert shared.state_label == "Shared" and shared.shared_recorded_by == officer
    assert AuditEvent.objects.filter(
        object_id=str(disclosure.pk), detail__step="shared", actor=officer
    ).exists()


def test_sharing_cannot_be_dated_before_the_approval(
    world: World, officer: User, head_of_service: User
) -> None:
    disclosure = approve_disclosure(
        disclosure=making.disclosure(world.north_case, officer), by=head_of_service
    )
    with pytest.raises(ValidationError) as refused:
        record_disclosure_shared(
            disclosure=disclosure, shared_on=making.days_ago(3), method="Phone", by=officer
        )
    assert refused.value.message_dict == {
        "shared_on": ["The date shared must be on or after the date it was approved."]
    }


def test_the_database_refuses_a_share_without_approval(world: World, officer: User) -> None:
    disclosure = making.disclosure(world.north_case, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(shared_on=making.today())
