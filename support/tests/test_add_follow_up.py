from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from support.actions import add_follow_up, complete_support
from support.models import ColleagueSupport, SupportFollowUp

pytestmark = pytest.mark.django_db


def test_a_follow_up_is_arranged_and_audited(support: ColleagueSupport, line_manager: User) -> None:
    due = timezone.localdate() + timedelta(days=14)
    follow_up = add_follow_up(
        support=support, due_on=due, notes="Two-week check-in", by=line_manager
    )
    assert (follow_up.due_on, follow_up.added_by, follow_up.is_done) == (due, line_manager, False)
    event = AuditEvent.objects.get(kind=Event.SUPPORT_FOLLOW_UP_ADDED)
    assert event.object_id == str(follow_up.pk)
    assert event.detail == {"support": support.pk, "due_on": due.isoformat()}


def test_a_follow_up_due_today_is_allowed(support: ColleagueSupport, line_manager: User) -> None:
    add_follow_up(
        support=support, due_on=timezone.localdate(), notes="Call at 4pm", by=line_manager
    )
    assert support.follow_ups.count() == 1


def test_a_follow_up_due_in_the_past_is_refused_and_nothing_is_written(
    support: ColleagueSupport, line_manager: User
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        add_follow_up(
            support=support,
            due_on=timezone.localdate() - timedelta(days=1),
            notes="Too late",
            by=line_manager,
        )
    assert refused.value.message_dict["due_on"] == [
        "The date the follow-up is due must be today or in the future."
    ]
    assert SupportFollowUp.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_a_follow_up_needs_to_say_what_it_is_for(
    support: ColleagueSupport, line_manager: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        add_follow_up(support=support, due_on=timezone.localdate(), notes=" ", by=line_manager)
    assert refused.value.message_dict["notes"] == ["Enter what the follow-up is for."]


def test_no_follow_up_can_be_added_once_support_is_complete(
    support: ColleagueSupport, line_manager: User
) -> None:
    complete_support(support=support, summary="No further support needed.", by=line_manager)
    with pytest.raises(ValidationError):
        add_follow_up(
            support=support, due_on=timezone.localdate(), notes="One more", by=line_manager
        )
    assert SupportFollowUp.objects.count() == 0
