import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from support.actions import complete_follow_up
from support.models import SupportFollowUp

pytestmark = pytest.mark.django_db


def test_marking_a_follow_up_done_records_who_when_and_what_happened(
    follow_up: SupportFollowUp, head_of_service: User
) -> None:
    done = complete_follow_up(
        follow_up=follow_up, outcome_notes="Back at work and coping well.", by=head_of_service
    )
    assert done.done_on == timezone.localdate()
    assert done.done_by == head_of_service
    assert done.outcome_notes == "Back at work and coping well."
    event = AuditEvent.objects.get(kind=Event.SUPPORT_FOLLOW_UP_DONE)
    assert event.object_id == str(follow_up.pk)
    assert event.detail == {"support": follow_up.support_id}


def test_a_follow_up_cannot_be_marked_done_twice(
    follow_up: SupportFollowUp, line_manager: User
) -> None:
    complete_follow_up(follow_up=follow_up, outcome_notes="Spoke on the phone.", by=line_manager)
    with pytest.raises(ValidationError) as refused:
        complete_follow_up(follow_up=follow_up, outcome_notes="Again", by=line_manager)
    assert refused.value.message_dict["outcome_notes"] == [
        "This follow-up has already been marked as done."
    ]
    assert AuditEvent.objects.filter(kind=Event.SUPPORT_FOLLOW_UP_DONE).count() == 1


def test_what_happened_at_the_follow_up_is_needed(
    follow_up: SupportFollowUp, line_manager: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        complete_follow_up(follow_up=follow_up, outcome_notes="", by=line_manager)
    assert refused.value.message_dict["outcome_notes"] == ["Enter what happened at the follow-up."]
    follow_up.refresh_from_db()
    assert not follow_up.is_done
