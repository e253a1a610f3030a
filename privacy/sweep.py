"""The retention schedule, applied by the daily sweep (UK GDPR Art 5(1)(e): kept no longer
than necessary).

Safe to run again: every record anonymised gets a RetentionMark, and only unmarked
candidates are looked at, so a second run on the same day does nothing. What happens to
each model is in docs/architecture.md ("Retention").
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from audit.actions import record_event
from audit.models import Event
from cases.models import Case, ChronologyEntry
from flags.models import WarningFlag
from incidents.models import Incident, IncidentPerson
from notifications.actions import notify
from notifications.models import Notification
from people.models import Person
from privacy import erasure
from privacy.models import RetentionMark, RetentionSettings
from restrictions.models import ContactRestriction
from reviews.selectors import heads_of_service


@dataclass
class RetentionResult:
    today: date
    measures_anonymised: int = 0
    cases_anonymised: int = 0
    incidents_anonymised: int = 0
    people_anonymised: int = 0
    contact_events_erased: int = 0
    files_deleted: int = 0
    skipped_still_needed: list[str] = field(default_factory=list)

    @property
    def anything_done(self) -> bool:
        return any(
            (
                self.measures_anonymised,
                self.cases_anonymised,
                self.incidents_anonymised,
                self.people_anonymised,
                self.contact_events_erased,
            )
        )

    def as_detail(self) -> dict[str, object]:
        detail = asdict(self)
        detail["today"] = self.today.isoformat()
        detail["skipped_still_needed"] = len(self.skipped_still_needed)
        return detail


def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _unmarked[M: (Case, Incident, Person, WarningFlag, ContactRestriction)](
    queryset: QuerySet[M],
) -> QuerySet[M]:
    label = queryset.model._meta.label_lower
    marked = RetentionMark.objects.filter(object_type=label).values("object_id")
    return queryset.exclude(pk__in=marked)


def apply_retention(*, today: date | None = None) -> RetentionResult:
    """Anonymise or erase what has passed its retention period on `today`."""
    today = today or timezone.localdate()
    schedule = RetentionSettings.current()
    result = RetentionResult(today=today)
    measures_before = _end_of(years_before(today, schedule.lifted_measure_years))
    _lifted_measures(result, measures_before)
    _closed_cases(result, _end_of(years_before(today, schedule.case_closed_years)))
    contacts_before = _end_of(years_before(today, schedule.contact_event_years))
    result.contact_events_erased = erasure.erase_old_contacts(before=contacts_before)
    _people(result)
    _record(result)
    return result


def _lifted_measures(result: RetentionResult, before: datetime) -> None:
    """A lifted flag or restriction, and the incidents it rested on, once past its period."""
    for flag in _unmarked(WarningFlag.objects.filter(lifted_at__lte=before)).order_by("pk"):
        with transaction.atomic():
            result.files_deleted += erasure.anonymise_measure(flag, today=result.today)
            for incident in flag.incidents.all():
                if _incident_may_go(incident, leaving_case_ids=set()):
                    result.files_deleted += erasure.anonymise_incident(incident, today=result.today)
                    result.incidents_anonymised += 1
            result.measures_anonymised += 1
    lifted = ContactRestriction.objects.filter(lifted_at__lte=before)
    for restriction in _unmarked(lifted).order_by("pk"):
        with transaction.atomic():
            erasure.anonymise_measure(restriction, today=result.today)
            result.measures_anonymised += 1


def _measure_in_force_on_case(case: Case) -> bool:
    flags = WarningFlag.objects.filter(case=case).select_related("decision")
    restrictions = ContactRestriction.objects.filter(case=case).select_related("decision")
    return any(m.is_active for m in flags) or any(m.is_active for m in restrictions)


def _case_incident_ids(case: Case) -> set[int]:
    on_chronology = ChronologyEntry.objects.filter(case=case, incident__isnull=False)
    ids = set(on_chronology.values_list("incident_id", flat=True))
    ids.update(Incident.objects.filter(case=case).values_list("pk", flat=True))
    return ids


def _incident_may_go(incident: Incident, *, leaving_case_ids: set[int]) -> bool:
    """Not while another case still within retention holds it, or a flag in force rests on it."""
    if RetentionMark.objects.filter(
        object_type="incidents.incident", object_id=incident.pk
    ).exists():
        return False
    cases = set(ChronologyEntry.objects.filter(incident=incident).values_list("case_id", flat=True))
    if incident.case_id:
        cases.add(incident.case_id)
    marked = set(
        RetentionMark.objects.filter(object_type="cases.case", object_id__in=cases).values_list(
            "object_id", flat=True
        )
    )
    if cases - marked - leaving_case_ids:
        return False
    return not any(flag.is_active for flag in incident.warning_flags.select_related("decision"))


def _closed_cases(result: RetentionResult, before: datetime) -> None:
    closed = Case.objects.filter(status=Case.Status.CLOSED, closed_at__lte=before)
    for case in _unmarked(closed).order_by("pk"):
        if _measure_in_force_on_case(case):
            result.skipped_still_needed.append(case.reference)
            continue
        with transaction.atomic():
            for incident in Incident.objects.filter(pk__in=_case_incident_ids(case)):
                if _incident_may_go(incident, leaving_case_ids={case.pk}):
                    result.files_deleted += erasure.anonymise_incident(incident, today=result.today)
                    result.incidents_anonymised += 1
            erasure.anonymise_case(case, today=result.today)
            result.cases_anonymised += 1


def _people(result: RetentionResult) -> None:
    """A person is anonymised once nothing about them is still within retention."""
    with_records = Q(pk__in=Case.objects.values("person_id")) | Q(
        pk__in=IncidentPerson.objects.filter(person__isnull=False).values("person_id")
    )
    # Set-based first: anyone with a case or incident still within retention is left out in
    # SQL, so the daily run looks at the few people who might now go, not everyone.
    open_cases = _unmarked(Case.objects.all()).values("person_id")
    kept_incidents = _unmarked(Incident.objects.all()).values("pk")
    in_kept_incidents = IncidentPerson.objects.filter(
        person__isnull=False, incident_id__in=kept_incidents
    ).values("person_id")
    candidates = Person.objects.filter(with_records).exclude(pk__in=open_cases)
    candidates = candidates.exclude(pk__in=in_kept_incidents)
    for person in _unmarked(candidates).order_by("pk"):
        if _still_needed(person):
            continue
        with transaction.atomic():
            erasure.anonymise_person(person, today=result.today)
            result.people_anonymised += 1


def _still_needed(person: Person) -> bool:
    cases = Case.objects.filter(person=person)
    if _unmarked(cases).exists():
        return True
    incident_ids = IncidentPerson.objects.filter(person=person).values("incident_id")
    if _unmarked(Incident.objects.filter(pk__in=incident_ids)).exists():
        return True
    measures: list[WarningFlag | ContactRestriction] = list(
        WarningFlag.objects.filter(person=person).select_related("decision")
    )
    measures += list(ContactRestriction.objects.filter(person=person).select_related("decision"))
    if any(m.is_active for m in measures):
        return True
    return erasure.has_recent_contacts(person)


def _record(result: RetentionResult) -> None:
    with transaction.atomic():
        record_event(
            subject="privacy.retention",
            by=None,
            kind=Event.RETENTION_APPLIED,
            detail=result.as_detail(),
        )
        if not result.anything_done:
            return
        for head in heads_of_service():
            notify(
                recipient=head,
                kind=Notification.Kind.RETENTION_APPLIED,
                message=(
                    f"Retention on {result.today:%d %B %Y}: {result.cases_anonymised} cases, "
                    f"{result.incidents_anonymised} incidents and {result.people_anonymised} "
                    f"people anonymised; {result.contact_events_erased} contact events erased."
                ),
                url=reverse("privacy:retention"),
            )
