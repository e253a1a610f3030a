from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Event
from incidents.models import AffectedColleague
from support.models import ColleagueSupport, SupportFollowUp, SupportOffer

pytestmark = pytest.mark.django_db


def test_reading_a_support_record_is_audited(
    support: ColleagueSupport, affected: AffectedColleague, sign_in: Any, frontline: Any
) -> None:
    page = sign_in("frontline").get(reverse("support:record", args=[affected.pk]))
    assert page.status_code == 200
    event = AuditEvent.objects.get(kind=Event.SUPPORT_READ)
    assert (event.actor, event.object_type, event.object_id) == (
        frontline,
        "support.colleaguesupport",
        str(support.pk),
    )
    assert "no-store" in page["Cache-Control"]


def test_the_page_shows_when_the_line_manager_was_told_and_what_was_offered(
    support: ColleagueSupport, affected: AffectedColleague, sign_in: Any
) -> None:
    text = sign_in("line_manager").get(reverse("support:record", args=[affected.pk])).content
    page = text.decode()
    assert "Line manager told" in page
    assert f"{timezone.localtime(affected.line_manager_notified_at):%-d %B %Y}" in page
    assert "Time off" in page and "Accepted" in page
    assert "Not taken up" in page  # counselling was offered but declined
    assert "Save support record" in page


def test_the_colleague_reads_their_record_without_forms_to_change_it(
    support: ColleagueSupport, affected: AffectedColleague, sign_in: Any
) -> None:
    page = sign_in("frontline").get(reverse("support:record", args=[affected.pk])).content.decode()
    assert "would like a few days away from the phones" in page
    assert "Save support record" not in page
    assert "Add follow-up" not in page


def test_the_line_manager_records_support_from_the_page(
    affected: AffectedColleague, sign_in: Any
) -> None:
    response = sign_in("line_manager").post(
        reverse("support:record", args=[affected.pk]),
        {
            "discussed_on": timezone.localdate().isoformat(),
            "needs_notes": "Wants to avoid home visits to this address.",
            "offered": [SupportOffer.CHANGE_OF_DUTIES, SupportOffer.OTHER],
            "offered_other": "Visits in pairs",
            "accepted": [SupportOffer.OTHER],
            "version": 0,
        },
    )
    assert response.status_code == 302
    support = ColleagueSupport.objects.get(affected=affected)
    assert support.offered == [SupportOffer.CHANGE_OF_DUTIES, SupportOffer.OTHER]
    assert support.offered_other == "Visits in pairs"


def test_an_invalid_record_is_refused_with_422_and_keeps_what_was_typed(
    affected: AffectedColleague, sign_in: Any
) -> None:
    response = sign_in("line_manager").post(
        reverse("support:record", args=[affected.pk]),
        {
            "discussed_on": "",
            "needs_notes": "Typed before forgetting the date.",
            "offered": [SupportOffer.TIME_OFF],
            "accepted": [SupportOffer.COUNSELLING],
            "version": 0,
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the date support needs were discussed." in page
    assert "Typed before forgetting the date." in page
    assert not ColleagueSupport.objects.exists()


def test_an_offer_accepted_but_not_offered_is_explained_on_the_page(
    affected: AffectedColleague, sign_in: Any
) -> None:
    response = sign_in("line_manager").post(
        reverse("support:record", args=[affected.pk]),
        {
            "discussed_on": timezone.localdate().isoformat(),
            "needs_notes": "Notes",
            "offered": [SupportOffer.TIME_OFF],
            "accepted": [SupportOffer.COUNSELLING],
            "version": 0,
        },
    )
    assert response.status_code == 422
    assert "The colleague can only accept support that was offered." in response.content.decode()


def test_a_follow_up_in_the_past_is_refused_on_the_page_and_nothing_is_written(
    support: ColleagueSupport, affected: AffectedColleague, sign_in: Any
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    response = sign_in("line_manager").post(
        reverse("support:add_follow_up", args=[affected.pk]),
        {"due_on": yesterday.isoformat(), "notes": "Check in"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The date the follow-up is due must be today or in the future." in page
    assert yesterday.isoformat() in page
    assert not SupportFollowUp.objects.exists()


def test_a_follow_up_is_arranged_and_marked_done_from_the_page(
    support: ColleagueSupport, affected: AffectedColleague, sign_in: Any
) -> None:
    client = sign_in("line_manager")
    due = timezone.localdate() + timedelta(days=3)
    response = client.post(
        reverse("support:add_follow_up", args=[affected.pk]),
        {"due_on": due.isoformat(), "notes": "Phone on Friday"},
    )
    assert response.status_code == 302
    follow_up = SupportFollowUp.objects.get()
    response = client.post(
        reverse("support:complete_follow_up", args=[follow_up.pk]),
        {f"follow-up-{follow_up.pk}-outcome_notes": "Spoke; all well."},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.is_done


def test_marking_a_follow_up_done_without_saying_what_happened_is_refused_with_422(
    follow_up: SupportFollowUp, sign_in: Any
) -> None:
    response = sign_in("line_manager").post(
        reverse("support:complete_follow_up", args=[follow_up.pk]), {}
    )
    assert response.status_code == 422
    assert "Enter what happened at the follow-up." in response.content.decode()


def test_completing_support_with_a_follow_up_open_is_refused_with_422(
    follow_up: SupportFollowUp, affected: AffectedColleague, sign_in: Any
) -> None:
    response = sign_in("line_manager").post(
        reverse("support:complete", args=[affected.pk]),
        {"summary": "Done", "version": follow_up.support.version},
    )
    assert response.status_code == 422
    assert (
        "Mark every follow-up as done before completing the support record."
        in response.content.decode()
    )
    follow_up.support.refresh_from_db()
    assert not follow_up.support.is_completed


def test_a_follow_up_cannot_be_added_before_support_is_recorded(
    affected: AffectedColleague, sign_in: Any
) -> None:
    response = sign_in("line_manager").post(
        reverse("support:add_follow_up", args=[affected.pk]),
        {"due_on": timezone.localdate().isoformat(), "notes": "Check in"},
    )
    assert response.status_code == 422
    assert "Record the support conversation before adding a follow-up." in response.content.decode()


def test_the_wrong_method_is_refused_with_405(
    follow_up: SupportFollowUp, affected: AffectedColleague, sign_in: Any
) -> None:
    client = sign_in("line_manager")
    assert client.get(reverse("support:add_follow_up", args=[affected.pk])).status_code == 405
    assert client.get(reverse("support:complete", args=[affected.pk])).status_code == 405
    done_url = reverse("support:complete_follow_up", args=[follow_up.pk])
    assert client.get(done_url).status_code == 405
    assert client.post(reverse("support:follow_ups")).status_code == 405
