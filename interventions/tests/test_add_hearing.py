from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from interventions.actions import add_hearing, record_hearing_result
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_a_hearing_is_added_to_the_legal_action(world: World, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    hearing = add_hearing(
        legal_action=action,
        on=making.today() + timedelta(days=14),
        court="Bristol County Court",
        purpose="Return date hearing",
        by=officer,
    )
    assert list(action.hearings.all()) == [hearing]
    assert AuditEvent.objects.filter(
        kind=Event.LEGAL_ACTION_RECORDED, detail__change="hearing_added", detail__hearing=hearing.pk
    ).exists()


def test_a_future_hearing_has_no_result(world: World, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    with pytest.raises(ValidationError) as refused:
        add_hearing(
            legal_action=action,
            on=making.today() + timedelta(days=14),
            court="Bristol County Court",
            purpose="Return date hearing",
            result="Adjourned",
            by=officer,
        )
    assert refused.value.message_dict == {
        "result": ["A hearing that has not happened yet has no result."]
    }
    assert not action.hearings.exists()


def test_a_hearing_needs_its_court_and_purpose(world: World, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    with pytest.raises(ValidationError) as refused:
        add_hearing(legal_action=action, on=making.today(), court="", purpose="", by=officer)
    assert set(refused.value.message_dict) == {"court", "purpose"}


def test_the_result_of_a_past_hearing_is_recorded(world: World, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    hearing = add_hearing(
        legal_action=action,
        on=making.days_ago(1),
        court="Bristol County Court",
        purpose="Without-notice hearing",
        by=officer,
    )
    record_hearing_result(hearing=hearing, result="Interim injunction granted.", by=officer)
    hearing.refresh_from_db()
    assert hearing.result == "Interim injunction granted."
