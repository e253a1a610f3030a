from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from incidents.models import AffectedColleague
from support.actions import complete_support, record_support
from support.models import ColleagueSupport, SupportOffer

pytestmark = pytest.mark.django_db


def record(affected: AffectedColleague, by: User, **changes: object) -> ColleagueSupport:
    values: dict[str, object] = {
        "discussed_on": timezone.localdate(),
        "needs_notes": "Talked it through; would like counselling.",
        "offered": [SupportOffer.COUNSELLING],
        "offered_other": "",
        "accepted": [SupportOffer.COUNSELLING],
    }
    values.update(changes)
    return record_support(affected=affected, by=by, **values)  # type: ignore[arg-type]


def test_line_manager_records_the_support_conversation_and_it_is_audited(
    affected: AffectedColleague, line_manager: User
) -> None:
    support = record(
        affected,
        line_manager,
        offered=[SupportOffer.OTHER, SupportOffer.TIME_OFF],
        offered_other="Buddy on home visits for a month",
        accepted=[SupportOffer.OTHER],
    )
    assert support.affected == affected
    assert support.discussed_by == line_manager
    # Stored in the order of the choices, whatever order they came in.
    assert support.offered == [SupportOffer.TIME_OFF, SupportOffer.OTHER]
    assert support.accepted == [SupportOffer.OTHER]
    event = AuditEvent.objects.get(kind=Event.SUPPORT_RECORDED)
    assert event.object_id == str(support.pk)
    assert event.actor == line_manager
    assert event.detail["changed"] == [
        "discussed_on",
        "needs_notes",
        "offered",
        "offered_other",
        "accepted",
    ]


def test_an_update_audits_the_names_of_the_changed_fields_not_their_contents(
    affected: AffectedColleague, line_manager: User, head_of_service: User
) -> None:
    record(affected, line_manager)
    support = record(
        affected,
        head_of_service,
        offered=[SupportOffer.COUNSELLING, SupportOffer.CHANGE_OF_DUTIES],
        accepted=[SupportOffer.CHANGE_OF_DUTIES],
    )
    assert support.updated_by == head_of_service
    assert support.discussed_by == line_manager  # the conversation itself did not change
    event = AuditEvent.objects.filter(kind=Event.SUPPORT_RECORDED).order_by("-id").first()
    assert event is not None
    assert event.detail["changed"] == ["offered", "accepted"]
    assert "counselling" not in str(event.detail).lower()


def test_saving_an_unchanged_record_writes_no_audit_row(
    affected: AffectedColleague, line_manager: User
) -> None:
    record(affected, line_manager)
    record(affected, line_manager)
    assert AuditEvent.objects.filter(kind=Event.SUPPORT_RECORDED).count() == 1
    assert ColleagueSupport.objects.count() == 1


def test_support_can_only_be_accepted_if_it_was_offered_and_nothing_is_written(
    affected: AffectedColleague, line_manager: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        record(affected, line_manager, offered=[], accepted=[SupportOffer.TIME_OFF])
    assert refused.value.message_dict["accepted"] == [
        "The colleague can only accept support that was offered."
    ]
    assert ColleagueSupport.objects.count() == 0
    assert not AuditEvent.objects.filter(kind=Event.SUPPORT_RECORDED).exists()


def test_other_support_needs_a_description(affected: AffectedColleague, line_manager: User) -> None:
    with pytest.raises(ValidationError) as refused:
        record(affected, line_manager, offered=[SupportOffer.OTHER], accepted=[])
    assert refused.value.message_dict["offered_other"] == ["Describe the other support offered."]


def test_a_description_of_other_support_needs_other_support_selected(
    affected: AffectedColleague, line_manager: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        record(affected, line_manager, offered_other="Parking space near the door")
    assert "offered_other" in refused.value.message_dict


def test_a_discussion_in_the_future_is_refused(
    affected: AffectedColleague, line_manager: User
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        record(affected, line_manager, discussed_on=tomorrow)
    assert refused.value.message_dict["discussed_on"] == [
        "The date support needs were discussed must be today or earlier."
    ]


def test_a_discussion_before_the_incident_is_refused(
    affected: AffectedColleague, line_manager: User
) -> None:
    before = timezone.localdate(affected.incident.occurred_at) - timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        record(affected, line_manager, discussed_on=before)
    assert "on or after the date of the incident" in refused.value.message_dict["discussed_on"][0]


def test_notes_of_the_discussion_are_needed(
    affected: AffectedColleague, line_manager: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        record(affected, line_manager, needs_notes="   ")
    assert refused.value.message_dict["needs_notes"] == [
        "Enter what was discussed about the colleague's support needs."
    ]


def test_a_completed_record_can_no_longer_be_changed(
    support: ColleagueSupport, affected: AffectedColleague, line_manager: User
) -> None:
    complete_support(support=support, summary="Back on the phones, feeling fine.", by=line_manager)
    with pytest.raises(ValidationError):
        record(affected, line_manager, needs_notes="A late change")
    support.refresh_from_db()
    assert support.needs_notes.startswith("Shaken")
