import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from interventions.models import LegalAction
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_the_kinds_of_legal_action_are_the_ones_the_policy_names() -> None:
    assert dict(LegalAction.Kind.choices) == {
        "without_notice_injunction": "Without-notice civil injunction",
        "civil_injunction": "Civil injunction",
        "possession_ground_14": "Possession proceedings: Housing Act 1988 Schedule 2 Ground 14",
        "possession_ground_14aa": (
            "Possession proceedings: Housing Act 1988 Schedule 2 Ground 14(aa)"
        ),
    }
    assert list(LegalAction.Status.values) == [
        "considering",
        "instructed_solicitors",
        "applied",
        "hearing_listed",
        "order_made",
        "refused",
        "withdrawn",
        "concluded",
    ]


def test_starting_legal_action_records_its_fields_chronology_and_audit(
    world: World, officer: User
) -> None:
    action = making.legal_action(
        world.north_case,
        officer,
        kind=LegalAction.Kind.POSSESSION_GROUND_14AA,
        status=LegalAction.Status.APPLIED,
        court_name="Bristol County Court",
        application_on=making.days_ago(2),
    )
    action.refresh_from_db()
    assert (action.kind, action.status, action.court_name, action.application_on) == (
        "possession_ground_14aa",
        "applied",
        "Bristol County Court",
        making.days_ago(2),
    )
    assert action.decision is None and action.recorded_by == officer
    line = world.north_case.chronology.get(kind=ChronologyEntry.Kind.LEGAL_ACTION)
    assert line.summary.startswith("Possession proceedings")
    assert AuditEvent.objects.filter(
        kind=Event.LEGAL_ACTION_RECORDED, object_id=str(action.pk), detail__change="started"
    ).exists()


def test_an_application_needs_its_date_and_court(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.legal_action(world.north_case, officer, status=LegalAction.Status.APPLIED)
    assert refused.value.message_dict == {
        "application_on": ["Enter the date the application was made to the court."],
        "court_name": ["Enter the name of the court."],
    }
    assert not LegalAction.objects.exists()


def test_an_unknown_kind_is_refused(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.legal_action(world.north_case, officer, kind="eviction_by_force")
    assert refused.value.message_dict == {"kind": ["Select the kind of legal action."]}


def test_the_database_refuses_an_application_status_without_a_date(
    world: World, officer: User
) -> None:
    action = making.legal_action(world.north_case, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalAction.objects.filter(pk=action.pk).update(status="order_made")
