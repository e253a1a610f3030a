import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from interventions.actions import update_legal_action
from interventions.models import LegalAction
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_an_order_made_is_recorded_with_its_outcome(world: World, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    update_legal_action(
        legal_action=action,
        status=LegalAction.Status.ORDER_MADE,
        court_name="Bristol County Court",
        application_on=making.days_ago(3),
        outcome="Injunction granted for 12 months with a power of arrest.",
        decision=None,
        by=officer,
    )
    action.refresh_from_db()
    assert action.status == "order_made" and action.is_finished
    assert "power of arrest" in action.outcome
    assert AuditEvent.objects.filter(
        kind=Event.LEGAL_ACTION_RECORDED,
        object_id=str(action.pk),
        detail__from="considering",
        detail__to="order_made",
    ).exists()


def test_an_order_needs_what_the_court_decided(world: World, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    with pytest.raises(ValidationError) as refused:
        update_legal_action(
            legal_action=action,
            status=LegalAction.Status.ORDER_MADE,
            court_name="Bristol County Court",
            application_on=making.days_ago(3),
            outcome=" ",
            decision=None,
            by=officer,
        )
    assert refused.value.message_dict == {"outcome": ["Describe what the court decided."]}
    action.refresh_from_db()
    assert action.status == LegalAction.Status.CONSIDERING
