"""The handling instructions in force for people and homes: what to do, never why.

Everything here is safe to show to any colleague who can find the person or home, and to a
contractor with an active job at the home. Reasons, incidents and needs never leave the case.
Batched by ids so a page of search results costs the same few queries as one person.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from flags.models import WarningFlag, active_flag_conditions
from people.models import Household, Person
from restrictions.models import ContactRestriction, active_restriction_conditions

# A restriction manages contact; it never stops these being recorded (policy and guidance).
ALWAYS_ALLOWED = (
    "Whatever the restriction, a new repair, a safety issue or a complaint can always be "
    "reported and must be recorded as usual."
)


@dataclass(frozen=True)
class HandlingInstruction:
    kind: str  # "flag" or "restriction"
    reference: str
    text: str
    applies_to: str
    starts_on: date | None
    review_on: date | None
    risk_level: str = ""
    single_point_of_contact: str = ""
    object_id: int = 0

    @property
    def is_restriction(self) -> bool:
        return self.kind == "restriction"


def _flag(flag: WarningFlag, applies_to: str) -> HandlingInstruction:
    return HandlingInstruction(
        kind="flag",
        reference=flag.reference,
        text=flag.handling_instruction,
        applies_to=applies_to,
        starts_on=flag.decision.starts_on,
        review_on=flag.decision.review_on,
        risk_level=flag.get_risk_level_display(),
        object_id=flag.pk,
    )


def _restriction(item: ContactRestriction, applies_to: str) -> HandlingInstruction:
    spoc = item.single_point_of_contact
    return HandlingInstruction(
        kind="restriction",
        reference=item.reference,
        text=item.instruction,
        applies_to=applies_to,
        starts_on=item.decision.starts_on,
        review_on=item.decision.review_on,
        single_point_of_contact=spoc.display_name if spoc else "",
        object_id=item.pk,
    )


def _active_flags() -> QuerySet[WarningFlag]:
    return WarningFlag.objects.filter(active_flag_conditions()).select_related(
        "decision", "person", "household", "home"
    )


def _active_restrictions() -> QuerySet[ContactRestriction]:
    return ContactRestriction.objects.filter(active_restriction_conditions()).select_related(
        "decision", "person", "single_point_of_contact", "deputy"
    )


def for_people(person_ids: Iterable[int]) -> dict[int, list[HandlingInstruction]]:
    """Instructions for each person: flags on them, their household or their home, and
    restrictions on them."""
    ids = set(person_ids)
    found: dict[int, list[HandlingInstruction]] = defaultdict(list)
    if not ids:
        return found
    people = list(Person.objects.filter(pk__in=ids).select_related("household"))
    households = {p.household_id for p in people if p.household_id}
    homes = {p.household.property_id for p in people if p.household and p.household.property_id}
    flags = _active_flags().filter(
        Q(person_id__in=ids) | Q(household_id__in=households) | Q(home_id__in=homes)
    )
    for flag in flags:
        for person in people:
            home = person.household.property_id if person.household else None
            if flag.person_id == person.pk:
                found[person.pk].append(_flag(flag, "this person"))
            elif flag.household_id and flag.household_id == person.household_id:
                found[person.pk].append(_flag(flag, "their household"))
            elif flag.home_id and flag.home_id == home:
                found[person.pk].append(_flag(flag, "their home"))
    for item in _active_restrictions().filter(person_id__in=ids):
        found[item.person_id].append(_restriction(item, "this person"))
    return found


def for_homes(property_ids: Iterable[int]) -> dict[int, list[HandlingInstruction]]:
    """Instructions at each home: flags on the home, its households and its residents, and
    restrictions on its residents."""
    ids = set(property_ids)
    found: dict[int, list[HandlingInstruction]] = defaultdict(list)
    if not ids:
        return found
    residents = list(
        Person.objects.filter(household__property_id__in=ids).values_list(
            "pk", "first_name", "last_name", "household_id", "household__property_id"
        )
    )
    # Every household at the home counts, even one with nobody recorded in it yet.
    home_of_household = dict(
        Household.objects.filter(property_id__in=ids).values_list("pk", "property_id")
    )
    households = set(home_of_household)
    resident_home = {row[0]: (row[4], f"{row[1]} {row[2]}".strip()) for row in residents}
    flags = _active_flags().filter(
        Q(home_id__in=ids) | Q(household_id__in=households) | Q(person_id__in=resident_home.keys())
    )
    for flag in flags:
        if flag.home_id in ids:
            found[flag.home_id].append(_flag(flag, "this home"))
        elif flag.household_id in home_of_household:
            found[home_of_household[flag.household_id]].append(_flag(flag, str(flag.household)))
        elif flag.person_id in resident_home:
            home, name = resident_home[flag.person_id]
            found[home].append(_flag(flag, name))
    for item in _active_restrictions().filter(person_id__in=resident_home.keys()):
        home, name = resident_home[item.person_id]
        found[home].append(_restriction(item, name))
    return found
