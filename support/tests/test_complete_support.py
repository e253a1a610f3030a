import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from support.actions import complete_follow_up, complete_support
from support.models import ColleagueSupport, SupportFollowUp

pytestmark = pytest.mark.django_db


def test_completion_is_refused_while_a_follow_up_is_open_and_nothing_is_written(
    support: ColleagueSupport, follow_up: SupportFollowUp, line_manager: User
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        complete_support(support=support, summary="All done", by=line_manager)
    assert refused.value.message_dict["summary"] == [
        "Mark every follow-up as done before completing the support record."
    ]
    support.refresh_from_db()
    assert (support.completed_at, support.completed_by, support.summary) == (None, None, "")
    assert AuditEvent.objects.count() == before


def test_completion_once_follow_ups_are_done_records_who_when_and_the_summary(
    support: ColleagueSupport, follow_up: SupportFollowUp, line_manager: User
) -> None:
    complete_follow_up(follow_up=follow_up, outcome_notes="Doing well.", by=line_manager)
    completed = complete_support(
        support=support, summary="Took a week off; no further support needed.", by=line_manager
    )
    assert completed.is_completed
    assert completed.completed_by == line_manager
    assert completed.summary == "Took a week off; no further support needed."
    event = AuditEvent.objects.filter(kind=Event.SUPPORT_COMPLETED).order_by("-id").first()
    assert event is not None and event.detail["completed"] is True


def test_completion_needs_a_summary(support: ColleagueSupport, line_manager: User) -> None:
    with pytest.raises(ValidationError) as refused:
        complete_support(support=support, summary="  ", by=line_manager)
    assert refused.value.message_dict["summary"] == ["Enter a summary of the support given."]


def test_a_record_cannot_be_completed_twice(support: ColleagueSupport, line_manager: User) -> None:
    complete_support(support=support, summary="Fine now.", by=line_manager)
    with pytest.raises(ValidationError):
        complete_support(support=support, summary="Again", by=line_manager)
