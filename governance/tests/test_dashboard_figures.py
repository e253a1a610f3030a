"""The dashboard's figures against counts worked out by hand, on a few incidents made through
the real actions, both counted live and from the counts kept by day."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from access.models import User
from conftest import make_person, simple_report
from decisions.actions import assess_case, record_needs_check
from governance import figures
from governance.kept_figures import rebuild_kept_figures
from governance.periods import financial_year_starting
from incidents.actions import report_incident
from incidents.models import Behaviour, Channel
from support.actions import record_support

pytestmark = pytest.mark.django_db

YEAR = financial_year_starting(2025)  # 1 April 2025 to 31 March 2026
REPORTED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)


@pytest.fixture
def incidents(personas: dict[str, User]) -> dict[str, object]:
    """Five incidents reported on 10 January 2026; four happened in the year 2025 to 2026."""
    admin, frontline = personas["admin"], personas["frontline"]
    archer = make_person(
        by=admin, reference="G1", first="Dennis", last="Archer", postcode="BS2 9TG"
    )
    penrose = make_person(
        by=admin, reference="G2", first="Ruth", last="Penrose", postcode="BS2 1AA"
    )
    made: dict[str, object] = {}
    with time_machine.travel(REPORTED, tick=False):
        for name, person, day, channel, behaviours, colleague in (
            (
                "may_a",
                archer,
                date(2025, 5, 10),
                Channel.PHONE,
                [Behaviour.SHOUTING_ABUSIVE_LANGUAGE],
                frontline,
            ),
            (
                "may_b",
                archer,
                date(2025, 5, 20),
                Channel.EMAIL,
                [Behaviour.THREATS, Behaviour.BULLYING],
                frontline,
            ),
            (
                "june",
                None,
                date(2025, 6, 15),
                Channel.PHONE,
                [Behaviour.SHOUTING_ABUSIVE_LANGUAGE],
                frontline,
            ),
            (
                "july",
                penrose,
                date(2025, 7, 1),
                Channel.IN_PERSON,
                [Behaviour.THREATS],
                personas["officer"],
            ),
            ("before", penrose, date(2024, 12, 1), Channel.PHONE, [Behaviour.THREATS], frontline),
        ):
            made[name] = report_incident(
                report=simple_report(
                    person=person,
                    colleague=colleague,
                    occurred_at=at(day),
                    channel=channel,
                    behaviours=behaviours,
                ),
                by=frontline,
            )
    return made


@pytest.fixture
def acted_on(incidents: dict[str, object], personas: dict[str, User]) -> None:
    """Archer's case assessed 3 hours after the reports; Penrose's needs checked after 10."""
    officer = personas["officer"]
    with time_machine.travel(REPORTED + timedelta(hours=3), tick=False):
        assess_case(
            case=incidents["may_a"].case,  # type: ignore[attr-defined]
            behaviours=[Behaviour.THREATS],
            severity=4,
            by=officer,
        )
    with time_machine.travel(REPORTED + timedelta(hours=10), tick=False):
        record_needs_check(
            case=incidents["july"].case,  # type: ignore[attr-defined]
            by=officer,
            referral_offered=True,
            consent="declined",
            expectation_explained=True,
            needs=["mental_health"],
        )


def expected_counts() -> None:
    by_month_channel = figures.incidents_by_month_and_channel(YEAR)
    by_month: dict[date, int] = {}
    by_channel: dict[str, int] = {}
    for (month, channel), n in by_month_channel.items():
        by_month[month] = by_month.get(month, 0) + n
        by_channel[channel] = by_channel.get(channel, 0) + n
    assert by_month == {date(2025, 5, 1): 2, date(2025, 6, 1): 1, date(2025, 7, 1): 1}
    assert by_channel == {"phone": 2, "email": 1, "in_person": 1}
    assert figures.incidents_by_behaviour(YEAR) == {"shouting": 2, "threats": 2, "bullying": 1}


@pytest.mark.parametrize("kept", [False, True], ids=["counted live", "from kept counts"])
def test_incidents_are_counted_by_month_channel_and_behaviour(
    incidents: dict[str, object], kept: bool
) -> None:
    if kept:
        rebuild_kept_figures()
    expected_counts()


def test_an_incident_reported_after_the_rebuild_is_counted_at_once(
    incidents: dict[str, object], personas: dict[str, User]
) -> None:
    rebuild_kept_figures()
    person = incidents["may_a"].people.first().person  # type: ignore[attr-defined]
    report_incident(
        report=simple_report(
            person=person, colleague=personas["frontline"], occurred_at=at(date(2025, 5, 30))
        ),
        by=personas["frontline"],
    )
    found = figures.incidents_by_month_and_channel(YEAR)
    assert sum(n for (month, _), n in found.items() if month == date(2025, 5, 1)) == 3


@pytest.mark.parametrize("kept", [False, True], ids=["counted live", "from kept counts"])
def test_severity_is_that_of_the_assessment_that_weighed_the_incident(
    acted_on: None, kept: bool
) -> None:
    if kept:
        rebuild_kept_figures()
    assert figures.incidents_by_severity(YEAR) == {4: 2, 0: 2}


@pytest.mark.parametrize("kept", [False, True], ids=["counted live", "from kept counts"])
def test_time_to_first_action_gives_median_and_90th_percentile(acted_on: None, kept: bool) -> None:
    if kept:
        rebuild_kept_figures()
    found = figures.time_to_first_action(YEAR)
    # Three incidents on a case: delays 3 h, 3 h and 10 h; the June one has nobody identified.
    assert (found.actioned, found.waiting) == (3, 0)
    assert found.median == timedelta(hours=3)
    assert found.p90 == timedelta(hours=10)


def test_an_incident_not_yet_acted_on_is_waiting(incidents: dict[str, object]) -> None:
    found = figures.time_to_first_action(YEAR)
    assert (found.actioned, found.waiting, found.median) == (0, 3, None)


@pytest.mark.parametrize("kept", [False, True], ids=["counted live", "from kept counts"])
def test_colleagues_affected_and_support_offered(
    incidents: dict[str, object], personas: dict[str, User], kept: bool
) -> None:
    affected = incidents["may_a"].affected_colleagues.get()  # type: ignore[attr-defined]
    record_support(
        affected=affected,
        discussed_on=date(2026, 1, 11),
        needs_notes="Talked it through.",
        offered=["counselling", "time_off"],
        offered_other="",
        accepted=["counselling"],
        by=personas["line_manager"],
    )
    if kept:
        rebuild_kept_figures()
    found = figures.colleague_support(YEAR)
    assert (found["affected"], found["colleagues"]) == (4, 2)
    assert (found["recorded"], found["completed"]) == (1, 0)
    assert (found["offered_counselling"], found["accepted_counselling"]) == (1, 1)
    assert (found["offered_time_off"], found["accepted_time_off"]) == (1, 0)
    assert found["offered_change_of_duties"] == 0
