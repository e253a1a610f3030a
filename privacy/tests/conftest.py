"""A constructed case for the data-protection tests, built through the real actions.

Dennis Archer (the subject) shouted at a colleague; another customer, Gloria Quinton, was
involved and Wilfred Ashdown witnessed it. The case carries an assessment, a needs check, a
warning flag, an issued letter, a police report and a decision the customer was not told.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from access.models import User
from cases.models import Case
from conftest import World, make_person, simple_report
from decisions.actions import (
    approve_decision,
    assess_case,
    propose_decision,
    record_needs_check,
)
from decisions.models import Assessment, Decision, Response
from flags.actions import propose_flag
from flags.models import WarningFlag
from incidents.actions import WitnessDetails, report_incident
from incidents.models import Behaviour, Incident
from interventions.actions import record_police_report
from letters.actions import draft_letter, issue_letter, record_customer_not_told
from letters.models import Letter, LetterKind
from people.models import Person

OTHER_CUSTOMER = ("Gloria", "Quinton")
WITNESS = "Wilfred Ashdown"
POLICE_NOTES = "Constable said the bodycam footage shows a raised fist."
NOT_TOLD_REASON = "Telling him would put the engineer at risk of retaliation."
SECRET_BASIS = "Hidden measure: attend only with police escort."


@dataclass
class Constructed:
    person: Person
    other: Person
    case: Case
    incident: Incident
    assessment: Assessment
    flag: WarningFlag
    letter: Letter
    hidden_decision: Decision


def _measures(case: Case, incident: Incident, officer: User, head: User) -> WarningFlag:
    today = timezone.localdate()
    record_needs_check(
        case=case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    flag = propose_flag(
        case=case,
        by=officer,
        risk_level="high",
        handling_instruction="Attend in pairs.",
        incidents=[incident],
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Threatened the engineer; Gloria Quinton saw it.",
        person=case.person,
    )
    approve_decision(decision=flag.decision, by=head)
    return flag


def _letter(case: Case, flag: WarningFlag, officer: User) -> Letter:
    letter = draft_letter(
        case=case,
        kind=LetterKind.FLAG_NOTICE,
        decision=flag.decision,
        by=officer,
        behaviour_found="You shouted at our engineer.",
        expected_behaviour="Speak calmly to our colleagues.",
        consequences="We may take legal action.",
        measure_duration="Six months",
        review_on=flag.decision.review_on,
    )
    return issue_letter(letter=letter, channel=Letter.Channel.POST, by=officer)


def _hidden(case: Case, officer: User) -> Decision:
    hidden = propose_decision(
        case=case, response=Response.INFORMAL_CONVERSATION, basis=SECRET_BASIS, by=officer
    )
    record_customer_not_told(
        case=case,
        decision=hidden,
        reason=NOT_TOLD_REASON,
        review_on=timezone.localdate() + timedelta(days=90),
        by=officer,
    )
    return hidden


@pytest.fixture
def constructed(world: World, personas: dict[str, User]) -> Constructed:
    officer, head, frontline = (
        personas["officer"],
        personas["head_of_service"],
        personas["frontline"],
    )
    other = make_person(
        by=personas["admin"],
        reference="N2",
        first=OTHER_CUSTOMER[0],
        last=OTHER_CUSTOMER[1],
        postcode="BS2 9TH",
    )
    incident = report_incident(
        report=simple_report(
            person=world.north_person,
            colleague=frontline,
            involved_people=[other],
            witnesses=[WitnessDetails(name=WITNESS, contact_details="07700 900123")],
            behaviours=[Behaviour.THREATS],
            description="Dennis Archer threatened the engineer while Gloria Quinton watched; "
            "Wilfred Ashdown saw it from the road. Fatima Rahman was shaken.",
        ),
        by=frontline,
    )
    case = world.north_case
    assessment = assess_case(
        case=case, behaviours=[Behaviour.THREATS], severity=4, notes="Escalating.", by=officer
    )
    flag = _measures(case, incident, officer, head)
    letter = _letter(case, flag, officer)
    record_police_report(
        case=case,
        force="Avon and Somerset Police",
        reported_on=timezone.localdate(),
        crime_reference="AS-2026-0001",
        notes=POLICE_NOTES,
        by=officer,
    )
    hidden = _hidden(case, officer)
    return Constructed(world.north_person, other, case, incident, assessment, flag, letter, hidden)


def build(person: Person, by: User, django_capture_on_commit_callbacks: Any) -> Any:
    """Request an export and let the background task run (immediate backend in tests)."""
    from privacy.actions import request_subject_access

    with django_capture_on_commit_callbacks(execute=True):
        request = request_subject_access(person=person, received_on=timezone.localdate(), by=by)
    request.refresh_from_db()
    return request
