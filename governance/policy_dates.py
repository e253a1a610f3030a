"""When the policy's annual monitoring and its three-yearly approval fall due.

Policy: "This policy will be monitored and reviewed by the Head of Customer and Community
Support annually and will form part of the annual review of health and safety activity. The
policy will be considered and approved every 3 years in accordance with the policy review
timetable."
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone

from governance.models import PolicyMonitoring, PolicyVersion

APPROVAL_YEARS = 3
MONITORING_YEARS = 1
# How long before each falls due the reminder goes out: a board's agenda is set months ahead.
APPROVAL_NOTICE_DAYS = 90
MONITORING_NOTICE_DAYS = 30


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


SEEDED_VERSION = "Unnumbered (in force at go-live)"


def _seed_version() -> PolicyVersion:
    """The version in force at go-live (also made by migration 0002; a database emptied since,
    as a test's flush does, gets it back on first use, like DecisionSettings.current())."""
    return PolicyVersion.objects.create(
        version=SEEDED_VERSION,
        approved_on=None,
        approved_by="Not stated in the policy text",
        summary_of_changes=(
            "The unacceptable customer behaviour policy as adopted. Its text states no version "
            "number or approval date: record the approved version and the date it was approved."
        ),
        recorded_at=timezone.now(),
    )


def current_version() -> PolicyVersion | None:
    """The version in force: the latest approved (one with no known date only if alone)."""
    found = PolicyVersion.objects.order_by(
        F("approved_on").desc(nulls_last=True), "-recorded_at", "-id"
    ).first()
    return found if found is not None else _seed_version()


def latest_monitoring() -> PolicyMonitoring | None:
    return PolicyMonitoring.objects.order_by("-carried_out_on", "-id").first()


@dataclass(frozen=True)
class PolicyDates:
    version: PolicyVersion | None
    approval_due_on: date | None
    monitoring_due_on: date | None
    last_monitoring: PolicyMonitoring | None

    def approval_state(self, today: date) -> str:
        return _state(self.approval_due_on, today, APPROVAL_NOTICE_DAYS)

    def monitoring_state(self, today: date) -> str:
        return _state(self.monitoring_due_on, today, MONITORING_NOTICE_DAYS)


def _state(due: date | None, today: date, notice_days: int) -> str:
    if due is None:
        return "unknown"
    if due < today:
        return "overdue"
    if (due - today).days <= notice_days:
        return "due_soon"
    return "not_due"


def policy_dates() -> PolicyDates:
    """Approval: three years after the current version was approved, or now when its approval
    date is not known. Monitoring: a year after the last, or after the approval."""
    version = current_version()
    monitoring = latest_monitoring()
    if version is None:
        return PolicyDates(None, None, None, monitoring)
    approval_due = (
        years_after(version.approved_on, APPROVAL_YEARS)
        if version.approved_on
        else version.recorded_at.date()
    )
    # A year after the later of the approval and the last monitoring; with neither known,
    # a year after the version was recorded here.
    known = [d for d in (version.approved_on, monitoring and monitoring.carried_out_on) if d]
    monitoring_from = max(known) if known else version.recorded_at.date()
    return PolicyDates(
        version=version,
        approval_due_on=approval_due,
        monitoring_due_on=years_after(monitoring_from, MONITORING_YEARS),
        last_monitoring=monitoring,
    )
