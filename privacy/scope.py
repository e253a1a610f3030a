"""What a subject access export covers for one person: their cases, incidents, decisions,
the material held back for review, and the names to take out."""

from dataclasses import dataclass, field

from django.db.models import Q

from access.models import User
from cases.models import Case
from decisions.models import Decision
from incidents.models import Evidence, Incident, IncidentPerson, Witness
from interventions.models import Disclosure, PoliceReport
from letters.models import NonDisclosureDecision
from people.models import Person
from privacy.models import HeldBackItem, SubjectAccessRequest
from privacy.redaction import Redactor

# (model, held-back kind): material a person reviews before it is released.
HELD_BACK_MODELS = {
    "interventions.policereport": HeldBackItem.Kind.POLICE_REPORT,
    "interventions.disclosure": HeldBackItem.Kind.DISCLOSURE,
    "letters.nondisclosuredecision": HeldBackItem.Kind.NOT_TOLD,
    "incidents.evidence": HeldBackItem.Kind.EVIDENCE,
}


@dataclass
class Scope:
    person: Person
    case_ids: list[int]
    incident_ids: list[int]
    decision_ids: list[int]
    redactor: Redactor
    items: list[HeldBackItem] = field(default_factory=list)

    def is_released(self, object_type: str, object_id: int) -> bool:
        return any(
            item.is_released and item.object_type == object_type and item.object_id == object_id
            for item in self.items
        )

    @property
    def withheld_decision_ids(self) -> set[int]:
        """Decisions the customer was not told about, while that stays unreleased."""
        not_told = {
            item.object_id
            for item in self.items
            if item.kind == HeldBackItem.Kind.NOT_TOLD and not item.is_released
        }
        return set(
            NonDisclosureDecision.objects.filter(pk__in=not_told).values_list(
                "decision_id", flat=True
            )
        )


def scope_for(person: Person) -> Scope:
    case_ids = sorted(Case.objects.filter(person=person).values_list("pk", flat=True))
    linked = IncidentPerson.objects.filter(person=person).values("incident_id")
    incident_ids = sorted(
        Incident.objects.filter(Q(pk__in=linked) | Q(case_id__in=case_ids)).values_list(
            "pk", flat=True
        )
    )
    decision_ids = sorted(
        Decision.objects.filter(case_id__in=case_ids).values_list("pk", flat=True)
    )
    redactor = Redactor(subject_parts=[person.first_name, person.last_name, person.full_name])
    scope = Scope(person, case_ids, incident_ids, decision_ids, redactor)
    _add_third_parties(scope)
    return scope


def _add_third_parties(scope: Scope) -> None:
    """Everyone else named in the person's records: other customers, people described,
    witnesses, other household members and every colleague."""
    redactor = scope.redactor
    others = IncidentPerson.objects.filter(incident_id__in=scope.incident_ids).exclude(
        person=scope.person
    )
    for link in others.select_related("person"):
        if link.person is not None:
            redactor.add(link.person.full_name)
        redactor.add(link.unknown_description, parts=False)
    for witness in Witness.objects.filter(incident_id__in=scope.incident_ids):
        redactor.add(witness.name)
        redactor.add(witness.contact_details, parts=False)
    if scope.person.household_id:
        members = Person.objects.filter(household_id=scope.person.household_id)
        for member in members.exclude(pk=scope.person.pk):
            redactor.add(member.full_name)
    for colleague in User.objects.exclude(first_name="", last_name=""):
        redactor.add_colleague(colleague)


def ensure_held_back_items(request: SubjectAccessRequest, scope: Scope) -> None:
    """One item per piece of held-back material; existing items (and releases) are kept."""
    found: list[tuple[str, int, str]] = []
    for report in PoliceReport.objects.filter(case_id__in=scope.case_ids):
        found.append(("interventions.policereport", report.pk, f"Police report {report.pk}"))
    for disclosure in Disclosure.objects.filter(case_id__in=scope.case_ids):
        found.append(("interventions.disclosure", disclosure.pk, f"Disclosure {disclosure.pk}"))
    for record in NonDisclosureDecision.objects.filter(case_id__in=scope.case_ids).select_related(
        "decision"
    ):
        label = f"Decision not to tell the customer about {record.decision.reference}"
        found.append(("letters.nondisclosuredecision", record.pk, label))
    for evidence in Evidence.objects.filter(incident_id__in=scope.incident_ids).select_related(
        "incident"
    ):
        label = f"Evidence file {evidence.pk} on {evidence.incident.reference}"
        found.append(("incidents.evidence", evidence.pk, label))
    for object_type, object_id, label in found:
        HeldBackItem.objects.get_or_create(
            request=request,
            object_type=object_type,
            object_id=object_id,
            defaults={"kind": HELD_BACK_MODELS[object_type], "label": label},
        )
    scope.items = list(request.held_back.all())
