"""Two people saving the same support record, mediation referral or legal action at the same
moment: one save wins, the other is refused with the shared message, and nothing is lost.
Each thread has its own database connection (see test_concurrent_edits.race)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from access.models import User
from conftest import World
from interventions.actions import (
    refer_to_mediation,
    start_legal_action,
    update_legal_action,
    update_mediation,
)
from interventions.models import LegalAction, MediationReferral
from support.actions import record_support
from support.models import ColleagueSupport, SupportOffer
from tests.integrity.test_concurrent_edits import race, refused

ROUNDS = 30

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_line_manager_and_the_head_of_service_saving_one_support_record_never_lose_an_update(
    world: World, line_manager: User, head_of_service: User
) -> None:
    affected = world.north_incident.affected_colleagues.get()
    support = record_support(
        affected=affected,
        discussed_on=timezone.localdate(),
        needs_notes="First conversation.",
        offered=[SupportOffer.TIME_OFF],
        offered_other="",
        accepted=[],
        by=line_manager,
    )
    for round_number in range(ROUNDS):
        # Both opened the page at the same version.
        loaded_at = ColleagueSupport.objects.get(pk=support.pk).version
        notes = [f"Round {round_number}: notes by writer {which}" for which in (0, 1)]

        def save_support(which: int, own_copy: ColleagueSupport) -> None:
            record_support(
                affected=own_copy.affected,
                discussed_on=own_copy.discussed_on,
                needs_notes=notes[which],
                offered=own_copy.offered,
                offered_other="",
                accepted=own_copy.accepted,
                by=(line_manager, head_of_service)[which],
                expected_version=loaded_at,
            )

        outcomes = race(
            lambda: ColleagueSupport.objects.select_related("affected").get(pk=support.pk),
            save_support,
        )
        assert sorted(outcomes) == sorted(["saved", refused()]), (round_number, outcomes)
        stored = ColleagueSupport.objects.get(pk=support.pk)
        assert stored.needs_notes == notes[outcomes.index("saved")], round_number
        assert stored.version == loaded_at + 1


def test_two_officers_updating_one_mediation_referral_never_lose_an_update(
    world: World, officer: User, line_manager: User
) -> None:
    referral = refer_to_mediation(
        case=world.north_case,
        service_name="West of England Mediation",
        referred_on=timezone.localdate() - timedelta(days=10),
        customer_agreed=True,
        first_session_on=None,
        by=officer,
    )
    for round_number in range(ROUNDS):
        loaded_at = MediationReferral.objects.get(pk=referral.pk).version
        notes = [f"Round {round_number}: officer {which}'s notes" for which in (0, 1)]

        def save_referral(which: int, own_copy: MediationReferral) -> None:
            update_mediation(
                referral=own_copy,
                customer_agreed=True,
                first_session_on=None,
                ended_on=None,
                outcome=MediationReferral.Outcome.IN_PROGRESS,
                outcome_notes=notes[which],
                by=(officer, line_manager)[which],
                expected_version=loaded_at,
            )

        outcomes = race(lambda: MediationReferral.objects.get(pk=referral.pk), save_referral)
        assert sorted(outcomes) == sorted(["saved", refused()]), (round_number, outcomes)
        stored = MediationReferral.objects.get(pk=referral.pk)
        assert stored.outcome_notes == notes[outcomes.index("saved")], round_number
        assert stored.version == loaded_at + 1


def test_two_officers_updating_one_legal_action_never_lose_an_update(
    world: World, officer: User, line_manager: User
) -> None:
    legal_action = start_legal_action(
        case=world.north_case, kind=LegalAction.Kind.WITHOUT_NOTICE_INJUNCTION, by=officer
    )
    for round_number in range(ROUNDS):
        loaded_at = LegalAction.objects.get(pk=legal_action.pk).version
        courts = [f"Round {round_number}: court {which}" for which in (0, 1)]

        def save_legal_action(which: int, own_copy: LegalAction) -> None:
            update_legal_action(
                legal_action=own_copy,
                status=LegalAction.Status.INSTRUCTED_SOLICITORS,
                court_name=courts[which],
                application_on=None,
                outcome="",
                decision=None,
                by=(officer, line_manager)[which],
                expected_version=loaded_at,
            )

        outcomes = race(lambda: LegalAction.objects.get(pk=legal_action.pk), save_legal_action)
        assert sorted(outcomes) == sorted(["saved", refused()]), (round_number, outcomes)
        stored = LegalAction.objects.get(pk=legal_action.pk)
        assert stored.court_name == courts[outcomes.index("saved")], round_number
        assert stored.version == loaded_at + 1
