"""Equality monitoring: who is under a warning flag or contact restriction, compared with all
customers, by age band, disability, ethnic group and sex where recorded.

The Housing Ombudsman has found landlords at fault for restricting disabled residents without
regard to their needs; the Equality Act 2010 s.149 asks us to have due regard to equality.
This is how the landlord sees disproportion coming. Only counts leave this module, and a
group of fewer than five people is never shown (small numbers identify people).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Value, When

from flags.models import WarningFlag, active_flag_conditions
from governance.models import Disability, EthnicGroup, Sex
from governance.tables import Section, Table
from people.models import Household, Person
from restrictions.models import ContactRestriction, active_restriction_conditions

SMALLEST_SHOWN = 5
RATIO_FLAGGED = 1.25
NOT_RECORDED = "not_recorded"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
CUSTOMER_KINDS = [Person.Kind.CUSTOMER, Person.Kind.HOUSEHOLD_MEMBER]
RULE = (
    f"A group is highlighted when its share of the customers under a measure is at least "
    f"{RATIO_FLAGGED:g} times its share of all customers, and at least {SMALLEST_SHOWN} people "
    f"in it are under a measure. Shares are of the people whose answer is recorded. A group "
    f"with fewer than {SMALLEST_SHOWN} people is shown as 'fewer than {SMALLEST_SHOWN}', "
    f"because small numbers can identify people."
)
SCOPE = (
    "Customers are tenants, leaseholders and members of their households. A customer is under a "
    "measure when a contact restriction on them, or a warning flag on them, their household or "
    "their home, is in force today."
)
# Age bands, youngest first: (label, lowest age in the band).
AGE_BANDS = [
    ("Under 25", 0),
    ("25 to 34", 25),
    ("35 to 44", 35),
    ("45 to 54", 45),
    ("55 to 64", 55),
    ("65 to 74", 65),
    ("75 and over", 75),
]
AGE_LABELS = {index: label for index, (label, _) in enumerate(AGE_BANDS)}
DIMENSIONS = {
    "age_band": ("Age band", [(label, label) for label, _ in AGE_BANDS]),
    "disability": ("Disability", list(Disability.choices)),
    "ethnic_group": ("Ethnic group", list(EthnicGroup.choices)),
    "sex": ("Sex", list(Sex.choices)),
}


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _age_band(today: date) -> Case:
    """The index of the person's age band in AGE_BANDS; -1 when their birth date is not known."""
    whens = [
        When(date_of_birth__lte=_years_before(today, lowest), then=Value(index))
        for index, (_, lowest) in reversed(list(enumerate(AGE_BANDS)))
        if lowest
    ]
    return Case(
        When(date_of_birth__isnull=True, then=Value(-1)),
        *whens,
        default=Value(0),
        output_field=IntegerField(),
    )


def under_a_measure() -> Q:
    """A person under a contact restriction, or a warning flag on them, their household or
    their home, in force today. Uncorrelated subqueries: the database builds each set once
    and looks every customer up in it, instead of asking four questions per customer."""
    flags = WarningFlag.objects.filter(active_flag_conditions())
    restricted = ContactRestriction.objects.filter(active_restriction_conditions())
    return (
        Q(pk__in=restricted.values("person_id"))
        | Q(pk__in=flags.filter(person__isnull=False).values("person_id"))
        | Q(household_id__in=flags.filter(household__isnull=False).values("household_id"))
        | Q(
            household_id__in=Household.objects.filter(
                property_id__in=flags.filter(home__isnull=False).values("home_id")
            ).values("id")
        )
    )


@dataclass
class Counts:
    everyone: dict[str, int]
    measured: dict[str, int]


def counts(*, today: date) -> dict[str, Counts]:
    """One GROUP BY over customers; each dimension is summed from its groups. Grouping on the
    stored answers and small numbers (not on labels) lets the database hash the groups."""
    rows = (
        Person.objects.filter(kind__in=CUSTOMER_KINDS)
        .annotate(
            age_band=_age_band(today),
            measured=Case(When(under_a_measure(), then=Value(1)), default=Value(0)),
        )
        .values_list(
            "age_band",
            "equality_profile__sex",
            "equality_profile__ethnic_group",
            "equality_profile__disability",
            "measured",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {name: Counts(defaultdict(int), defaultdict(int)) for name in DIMENSIONS}
    for age, sex, ethnic, disability, measured, n in rows:
        for name, value in (
            ("age_band", AGE_LABELS.get(age, NOT_RECORDED)),
            ("sex", sex or NOT_RECORDED),
            ("ethnic_group", ethnic or NOT_RECORDED),
            ("disability", disability or NOT_RECORDED),
        ):
            found[name].everyone[value] += n
            if measured:
                found[name].measured[value] += n
    return found


def _shown(n: int) -> int | str:
    return n if n == 0 or n >= SMALLEST_SHOWN else f"fewer than {SMALLEST_SHOWN}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def dimension_table(name: str, found: Counts) -> Table:
    title, groups = DIMENSIONS[name]
    answered = [value for value, _ in groups]
    everyone_known = sum(found.everyone[v] for v in answered)
    measured_known = sum(found.measured[v] for v in answered)
    rows: list[list[object]] = []
    highlighted: set[int] = set()
    for value, label in [*groups, (NOT_RECORDED, "Not recorded")]:
        everyone, measured = found.everyone[value], found.measured[value]
        if everyone < SMALLEST_SHOWN:
            rows.append([label, _shown(everyone), "–", _shown(measured), "–", "–", ""])
            continue
        known = value != NOT_RECORDED
        share_all = _share(everyone, everyone_known) if known else None
        share_measured = _share(measured, measured_known) if known else None
        ratio = share_measured / share_all if share_all and share_measured is not None else None
        small = 0 < measured < SMALLEST_SHOWN
        flagged = (
            ratio is not None
            and ratio >= RATIO_FLAGGED
            and measured >= SMALLEST_SHOWN
            and value not in (PREFER_NOT_TO_SAY, NOT_RECORDED)
        )
        if flagged:
            highlighted.add(len(rows))
        rows.append(
            [
                label,
                everyone,
                _percent(share_all),
                _shown(measured),
                "–" if small else _percent(share_measured),
                "–" if small or ratio is None else f"{ratio:.2f}",
                "Over-represented" if flagged else "",
            ]
        )
    return Table(
        f"equality_{name}",
        f"Customers under a measure by {title.lower()}",
        [title, "All customers", "Share", "Under a measure", "Share", "Ratio", "Attention"],
        rows,
        highlighted=highlighted,
    )


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.1f}%"


def equality_section(*, today: date) -> Section:
    found = counts(today=today)
    tables = [dimension_table(name, found[name]) for name in DIMENSIONS]
    everyone = sum(found["sex"].everyone.values())
    measured = sum(found["sex"].measured.values())
    flagged = [
        f"{table.caption.split(' by ')[-1]}: {table.rows[index][0]}"
        for table in tables
        for index in sorted(table.highlighted)
    ]
    return Section(
        "equality",
        "Equality monitoring",
        f"{SCOPE} {RULE}",
        tables,
        facts=[
            ("Customers", everyone),
            ("Customers under a measure", _shown(measured)),
            ("Groups over-represented", "; ".join(flagged) if flagged else "None"),
        ],
    )
