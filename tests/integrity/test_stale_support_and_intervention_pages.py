"""The support, mediation and legal action pages refuse a save made over someone else's, say
why, keep what was typed and carry the current version for the next save."""

from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import User
from cases.concurrency import EDITED_MEANWHILE
from conftest import World
from incidents.models import AffectedColleague
from interventions.actions import (
    refer_to_mediation,
    start_legal_action,
    update_legal_action,
    update_mediation,
)
from interventions.models import LegalAction, MediationReferral
from support.actions import record_support
from support.models import ColleagueSupport, SupportOffer

pytestmark = pytest.mark.django_db


def page_text(response: Any) -> str:
    return unescape(response.content.decode())


# --- colleague support --------------------------------------------------------------------


def support_form(**changes: Any) -> dict[str, Any]:
    return {
        "discussed_on": timezone.localdate().isoformat(),
        "needs_notes": "Talked it through.",
        "offered": [SupportOffer.TIME_OFF],
        "offered_other": "",
        "accepted": [SupportOffer.TIME_OFF],
        "version": 1,
        **changes,
    }


def record(affected: AffectedColleague, by: User, notes: str, **changes: Any) -> ColleagueSupport:
    values: dict[str, Any] = {
        "discussed_on": timezone.localdate(),
        "needs_notes": notes,
        "offered": [SupportOffer.TIME_OFF],
        "offered_other": "",
        "accepted": [SupportOffer.TIME_OFF],
        **changes,
    }
    return record_support(affected=affected, by=by, **values)


def test_a_second_save_of_a_support_record_is_refused_with_the_typed_notes_kept(
    world: World, line_manager: User, head_of_service: User, sign_in: Any
) -> None:
    affected = world.north_incident.affected_colleagues.get()
    support = record(affected, line_manager, "First conversation.")
    # The line manager opened the page at version 1; the Head of Service then saved.
    record(affected, head_of_service, "Head of Service's notes.", expected_version=1)
    client = sign_in("line_manager")
    url = reverse("support:record", args=[affected.pk])
    response = client.post(url, support_form(needs_notes="Line manager's notes."))
    assert response.status_code == 422
    page = page_text(response)
    assert EDITED_MEANWHILE in page and "Line manager's notes." in page
    assert 'name="version" value="2"' in page
    assert ColleagueSupport.objects.get(pk=support.pk).needs_notes == "Head of Service's notes."
    # Having checked, saving again from the refused page goes through.
    again = client.post(url, support_form(needs_notes="Line manager's notes.", version=2))
    assert again.status_code == 302
    assert ColleagueSupport.objects.get(pk=support.pk).needs_notes == "Line manager's notes."


def test_a_first_record_made_over_someone_elses_first_record_is_refused(
    world: World, head_of_service: User, sign_in: Any
) -> None:
    affected = world.north_incident.affected_colleagues.get()
    client = sign_in("line_manager")
    url = reverse("support:record", args=[affected.pk])
    assert 'name="version" value="0"' in client.get(url).content.decode()
    record(affected, head_of_service, "Head of Service's notes.")
    response = client.post(url, support_form(needs_notes="Line manager's notes.", version=0))
    assert response.status_code == 422
    page = page_text(response)
    assert EDITED_MEANWHILE in page and "Line manager's notes." in page
    assert 'name="version" value="1"' in page
    assert ColleagueSupport.objects.get().needs_notes == "Head of Service's notes."


def test_completing_a_support_record_changed_meanwhile_is_refused_with_the_summary_kept(
    world: World, line_manager: User, head_of_service: User, sign_in: Any
) -> None:
    affected = world.north_incident.affected_colleagues.get()
    support = record(affected, line_manager, "First conversation.")
    record(affected, head_of_service, "Counselling offered too.", expected_version=1)
    client = sign_in("line_manager")
    url = reverse("support:complete", args=[affected.pk])
    response = client.post(url, {"summary": "Back on the phones.", "version": 1})
    assert response.status_code == 422
    page = page_text(response)
    assert EDITED_MEANWHILE in page and "Back on the phones." in page
    assert "Counselling offered too." in page and 'name="version" value="2"' in page
    assert not ColleagueSupport.objects.get(pk=support.pk).is_completed
    again = client.post(url, {"summary": "Back on the phones.", "version": 2})
    assert again.status_code == 302
    assert ColleagueSupport.objects.get(pk=support.pk).summary == "Back on the phones."


def test_a_support_save_with_no_version_is_refused_and_changes_nothing(
    world: World, line_manager: User, sign_in: Any
) -> None:
    affected = world.north_incident.affected_colleagues.get()
    support = record(affected, line_manager, "First conversation.")
    data = support_form(needs_notes="Changed")
    del data["version"]
    response = sign_in("line_manager").post(reverse("support:record", args=[affected.pk]), data)
    assert response.status_code == 422
    assert "Reload the support record and save it again." in page_text(response)
    assert ColleagueSupport.objects.get(pk=support.pk).needs_notes == "First conversation."


# --- mediation ----------------------------------------------------------------------------


def referral_on(world: World, officer: User) -> MediationReferral:
    return refer_to_mediation(
        case=world.north_case,
        service_name="West of England Mediation",
        referred_on=timezone.localdate() - timedelta(days=10),
        customer_agreed=True,
        first_session_on=None,
        by=officer,
    )


def mediation_form(**changes: Any) -> dict[str, Any]:
    return {
        "customer_agreed": "yes",
        "first_session_on": "",
        "outcome": "in_progress",
        "ended_on": "",
        "outcome_notes": "",
        "version": 1,
        **changes,
    }


def test_a_second_save_of_a_mediation_referral_is_refused_with_the_typed_notes_kept(
    world: World, officer: User, line_manager: User, sign_in: Any
) -> None:
    referral = referral_on(world, officer)
    update_mediation(
        referral=referral,
        customer_agreed=True,
        first_session_on=None,
        ended_on=None,
        outcome=MediationReferral.Outcome.IN_PROGRESS,
        outcome_notes="Manager's notes.",
        by=line_manager,
        expected_version=1,
    )
    client = sign_in("officer")
    url = reverse("interventions:mediation_update", args=[referral.pk])
    response = client.post(url, mediation_form(outcome_notes="Officer's notes."))
    assert response.status_code == 422
    page = page_text(response)
    assert EDITED_MEANWHILE in page and "Officer's notes." in page
    assert 'name="version" value="2"' in page
    assert MediationReferral.objects.get(pk=referral.pk).outcome_notes == "Manager's notes."
    again = client.post(url, mediation_form(outcome_notes="Officer's notes.", version=2))
    assert again.status_code == 302
    assert MediationReferral.objects.get(pk=referral.pk).outcome_notes == "Officer's notes."


def test_a_mediation_save_with_no_version_is_refused_and_changes_nothing(
    world: World, officer: User, sign_in: Any
) -> None:
    referral = referral_on(world, officer)
    data = mediation_form(outcome_notes="Changed")
    del data["version"]
    response = sign_in("officer").post(
        reverse("interventions:mediation_update", args=[referral.pk]), data
    )
    assert response.status_code == 422
    assert "Reload the mediation referral and make your changes again." in page_text(response)
    assert MediationReferral.objects.get(pk=referral.pk).outcome_notes == ""


# --- legal action -------------------------------------------------------------------------


def legal_action_form(**changes: Any) -> dict[str, Any]:
    return {
        "step": "update",
        "status": "instructed_solicitors",
        "court_name": "",
        "application_on": "",
        "outcome": "",
        "decision": "",
        "version": 1,
        **changes,
    }


def test_a_second_save_of_a_legal_action_is_refused_with_the_typed_court_kept(
    world: World, officer: User, line_manager: User, sign_in: Any
) -> None:
    legal_action = start_legal_action(
        case=world.north_case, kind=LegalAction.Kind.WITHOUT_NOTICE_INJUNCTION, by=officer
    )
    update_legal_action(
        legal_action=legal_action,
        status=LegalAction.Status.INSTRUCTED_SOLICITORS,
        court_name="Bristol County Court",
        application_on=None,
        outcome="",
        decision=None,
        by=line_manager,
        expected_version=1,
    )
    client = sign_in("officer")
    url = reverse("interventions:legal_action_update", args=[legal_action.pk])
    response = client.post(url, legal_action_form(court_name="Taunton County Court"))
    assert response.status_code == 422
    page = page_text(response)
    assert EDITED_MEANWHILE in page and 'value="Taunton County Court"' in page
    assert 'name="version" value="2"' in page
    assert LegalAction.objects.get(pk=legal_action.pk).court_name == "Bristol County Court"
    again = client.post(url, legal_action_form(court_name="Taunton County Court", version=2))
    assert again.status_code == 302
    assert LegalAction.objects.get(pk=legal_action.pk).court_name == "Taunton County Court"


def test_a_legal_action_save_with_no_version_is_refused_and_changes_nothing(
    world: World, officer: User, sign_in: Any
) -> None:
    legal_action = start_legal_action(
        case=world.north_case, kind=LegalAction.Kind.WITHOUT_NOTICE_INJUNCTION, by=officer
    )
    data = legal_action_form(status="withdrawn")
    del data["version"]
    response = sign_in("officer").post(
        reverse("interventions:legal_action_update", args=[legal_action.pk]), data
    )
    assert response.status_code == 422
    assert "Reload the legal action and make your changes again." in page_text(response)
    assert LegalAction.objects.get(pk=legal_action.pk).status == LegalAction.Status.CONSIDERING
