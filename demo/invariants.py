"""What every incident and case must satisfy, however it was written (action or bulk seed).

Returns human-readable breaches; an empty list means the data is sound.
"""

from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast

from audit.models import AuditEvent, Event
from cases.models import Case, ChronologyEntry
from incidents.models import AffectedColleague, Behaviour, Incident, IncidentPerson


def breaches() -> list[str]:
    found: list[str] = []
    incidents = Incident.objects.all()

    def check(label: str, queryset: object) -> None:
        count = queryset.count()  # type: ignore[attr-defined]
        if count:
            found.append(f"{count} {label}")

    check("incidents without a behaviour", incidents.filter(behaviours__isnull=True))
    check(
        "incidents without an affected colleague",
        incidents.filter(affected_colleagues__isnull=True),
    )
    check("incidents without anyone responsible", incidents.filter(people__isnull=True))
    check(
        "derogatory remarks without grounds",
        incidents.filter(
            behaviours__behaviour=Behaviour.DEROGATORY_REMARKS, discrimination_grounds=[]
        ),
    )
    check("incidents from the future", incidents.filter(occurred_at__gt=F("reported_at")))
    responsible = IncidentPerson.objects.filter(
        role=IncidentPerson.Role.RESPONSIBLE, person__isnull=False
    )
    check(
        "incidents with a known person responsible but no case",
        incidents.filter(Exists(responsible.filter(incident=OuterRef("pk"))), case__isnull=True),
    )
    check(
        "incidents on a case of someone not responsible",
        incidents.filter(case__isnull=False).exclude(
            Exists(responsible.filter(incident=OuterRef("pk"), person=OuterRef("case__person")))
        ),
    )
    check(
        "incidents on a case but missing from its chronology",
        incidents.filter(case__isnull=False).exclude(
            Exists(ChronologyEntry.objects.filter(incident=OuterRef("pk"), case=OuterRef("case")))
        ),
    )
    check(
        "cases without an 'opened' chronology entry",
        Case.objects.exclude(
            Exists(
                ChronologyEntry.objects.filter(
                    case=OuterRef("pk"), kind=ChronologyEntry.Kind.OPENED
                )
            )
        ),
    )
    check(
        "people with more than one open case",
        Case.objects.filter(status=Case.Status.OPEN)
        .values("person")
        .annotate(n=Count("id"))
        .filter(n__gt=1),
    )
    check(
        "cases without an officer in their team",
        Case.objects.filter(assigned_officer__isnull=False).exclude(
            assigned_officer__team=F("team")
        ),
    )
    check(
        "affected colleagues whose line manager snapshot is wrong",
        AffectedColleague.objects.exclude(
            Q(line_manager=F("colleague__line_manager"))
            | Q(line_manager__isnull=True, colleague__line_manager__isnull=True)
        ),
    )
    check(
        "line managers never told",
        AffectedColleague.objects.filter(
            line_manager__isnull=False, line_manager_notified_at__isnull=True
        ),
    )
    audited = AuditEvent.objects.filter(
        kind=Event.INCIDENT_REPORTED, object_type="incidents.incident"
    )
    check(
        "incidents without their audit row",
        incidents.exclude(Exists(audited.filter(object_id=_pk_text()))),
    )
    opened = AuditEvent.objects.filter(kind=Event.CASE_OPENED, object_type="cases.case")
    check(
        "cases without their audit row",
        Case.objects.exclude(Exists(opened.filter(object_id=_pk_text()))),
    )
    return found


def _pk_text() -> Cast:
    """The outer row's key as text: audit rows name their object by a string id."""
    return Cast(OuterRef("pk"), output_field=CharField())
