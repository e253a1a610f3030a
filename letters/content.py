"""What every letter must say, and the standard wording the templates add to it.

Policy: "we will set out clearly the behaviour we found to be unacceptable, how we expect the
customer to behave in future and the actions we will take if not", review measures "after an
agreed period (of between 3 and 12 months ...)" and, except when taking legal action, "set
out how to make an appeal in our communications with them".
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from appeals.working_days import add_working_days
from cases.models import Case
from decisions.models import DecisionSettings
from letters.models import Letter


@dataclass(frozen=True)
class Letterhead:
    name: str
    department: str
    address_lines: tuple[str, ...]
    phone: str
    email: str


# The landlord's details as printed on every letter. The phone number is from Ofcom's range
# kept for drama and the email domain is reserved, so neither reaches anyone real.
LETTERHEAD = Letterhead(
    name="SafeContact Housing",
    department="Customer and Community Support",
    address_lines=("PO Box 0000", "Bristol"),
    phone="0306 999 0123",
    email="customer.support@safecontact.example",
)

# How long the customer has to appeal, counted from the date of the letter.
APPEAL_WITHIN_WORKING_DAYS = 20
APPEALS_DECIDED_BY = "the Head of Customer and Community Support"
OMBUDSMAN_PHONE = "0300 111 3000"
OMBUDSMAN_WEBSITE = "www.housing-ombudsman.org.uk"


@dataclass(frozen=True)
class AppealRoute:
    """How to appeal, to whom and within what time: the standard section of a letter."""

    to_whom: str
    write_to: tuple[str, ...]
    email: str
    phone: str
    within_working_days: int
    by_date: date
    decided_within_working_days: int
    ombudsman_phone: str
    ombudsman_website: str

    @property
    def is_complete(self) -> bool:
        return bool(
            self.to_whom
            and (self.write_to or self.email)
            and self.within_working_days > 0
            and self.ombudsman_phone
            and self.ombudsman_website
        )


def letter_date(letter: Letter) -> date:
    """The date printed on the letter: the day it was issued, or today for a draft."""
    if letter.issued_at is not None:
        return timezone.localdate(letter.issued_at)
    return timezone.localdate()


def appeal_route(letter: Letter) -> AppealRoute | None:
    """The appeal route the letter states; None for legal action (the court process applies)."""
    if not letter.is_appealable:
        return None
    dated = letter_date(letter)
    return AppealRoute(
        to_whom=APPEALS_DECIDED_BY,
        write_to=(LETTERHEAD.name, LETTERHEAD.department, *LETTERHEAD.address_lines),
        email=LETTERHEAD.email,
        phone=LETTERHEAD.phone,
        within_working_days=APPEAL_WITHIN_WORKING_DAYS,
        by_date=add_working_days(dated, APPEAL_WITHIN_WORKING_DAYS),
        decided_within_working_days=DecisionSettings.current().appeal_due_working_days,
        ombudsman_phone=OMBUDSMAN_PHONE,
        ombudsman_website=OMBUDSMAN_WEBSITE,
    )


def recipient_for(case: Case) -> tuple[str, list[str]]:
    """The customer's name and the address lines of their household's home, as they are now."""
    person = case.person
    household = person.household
    home = household.property if household is not None else None
    lines = []
    if home is not None:
        lines = [
            line
            for line in (home.address_line_1, home.address_line_2, home.town, home.postcode)
            if line
        ]
    return person.full_name, lines


def part_problems(letter: Letter) -> dict[str, str]:
    """Each required part the letter does not yet state: {field name: what to write}."""
    problems: dict[str, str] = {}
    if not letter.behaviour_found.strip():
        problems["behaviour_found"] = "Say what behaviour we found unacceptable."
    if not letter.expected_behaviour.strip():
        problems["expected_behaviour"] = "Say how we expect the customer to behave in future."
    if not letter.consequences.strip():
        problems["consequences"] = "Say what will happen if the behaviour continues."
    if letter.is_measure:
        if not letter.measure_duration.strip():
            problems["measure_duration"] = "Say how long the measure will last."
        if letter.review_on is None:
            problems["review_on"] = "Enter the date the measure will be reviewed."
    if letter.is_appealable:
        route = appeal_route(letter)
        if route is None or not route.is_complete:
            problems["appeal_route"] = (
                "The letter must say how to appeal, to whom and by when, and that the customer "
                "can go to the Housing Ombudsman: check the appeal settings."
            )
    return problems


def missing_parts(letter: Letter) -> list[str]:
    """What the letter must still say before it can be issued (empty when complete)."""
    return list(part_problems(letter).values())
