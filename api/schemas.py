"""What the API accepts and answers, described for the OpenAPI schema (django-ninja)."""

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, StringConstraints, field_validator

from contacts.models import Channel as ContactChannel
from contacts.models import Direction, Subject
from incidents.models import Behaviour, Channel, DiscriminationGround
from people.models import Person, Tenancy

MAX_ROWS = 1000
# Earlier is a typing slip (and far-off years break time-zone arithmetic).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# No NUL characters: PostgreSQL cannot store them in text.
NO_NUL = r"^[^\x00]*$"


Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
Reference = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_NUL)]
OptionalReference = Annotated[str, StringConstraints(max_length=64, pattern=NO_NUL)]
Username = Annotated[str, StringConstraints(min_length=1, max_length=150, pattern=NO_NUL)]
Description = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)]


# --- people, households, tenancies and properties -------------------------------------------


class PropertyIn(Schema):
    property_ref: Reference
    uprn: Text = Field("", max_length=12)
    address_line_1: Text = Field(..., min_length=1, max_length=200)
    address_line_2: Text = Field("", max_length=200)
    town: Text = Field("", max_length=100)
    postcode: Text = Field("", max_length=10)


class HouseholdIn(Schema):
    household_ref: Reference
    household_name: Text = Field("", max_length=200)
    property_ref: OptionalReference = ""


class TenancyIn(Schema):
    tenancy_ref: Reference
    household_ref: Reference
    household_name: Text = Field("", max_length=200)
    property_ref: Reference
    kind: Tenancy.Kind = Tenancy.Kind.ASSURED
    start_date: date
    end_date: date | None = None


class PersonIn(Schema):
    person_ref: Reference
    kind: Person.Kind = Person.Kind.CUSTOMER
    first_name: Text = Field("", max_length=100)
    last_name: Text = Field(..., min_length=1, max_length=100)
    date_of_birth: date | None = None
    household_ref: OptionalReference = ""
    email: Text = Field("", max_length=254)
    phone: Text = Field("", max_length=32)


class HousingRecordsIn(Schema):
    """Applied in this order, so a request can bring a home and the people living in it."""

    properties: list[PropertyIn] = Field(default_factory=list, max_length=MAX_ROWS)
    households: list[HouseholdIn] = Field(default_factory=list, max_length=MAX_ROWS)
    tenancies: list[TenancyIn] = Field(default_factory=list, max_length=MAX_ROWS)
    people: list[PersonIn] = Field(default_factory=list, max_length=MAX_ROWS)


class RowErrorOut(Schema):
    section: str
    index: int = Field(description="The row's position in its list, counting from 0.")
    message: str


class CountsOut(Schema):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0


class UpsertResultOut(Schema):
    counts: dict[str, CountsOut]
    errors: list[RowErrorOut]


# --- contractor jobs --------------------------------------------------------------------------


class JobIn(Schema):
    job_ref: Reference
    property_ref: OptionalReference = ""
    uprn: Text = Field("", max_length=12)
    contractor: Text = Field(
        "",
        max_length=200,
        description="The firm's name or reference; a contractor's token: its own firm.",
    )
    starts_on: date
    ends_on: date | None = None
    description: Text = Field("", max_length=300)


class JobsIn(Schema):
    jobs: list[JobIn] = Field(min_length=1, max_length=MAX_ROWS)


# --- incidents --------------------------------------------------------------------------------


class IncidentIn(Schema):
    reported_by: Username = Field(description="The username of the colleague reporting it.")
    occurred_at: datetime
    colleague_at_work: bool
    channel: Channel
    description: Text = Field(..., min_length=1, max_length=20_000)
    behaviours: list[Behaviour] = Field(min_length=1, max_length=len(Behaviour.values))
    affected_colleagues: list[Username] = Field(
        min_length=1, max_length=50, description="Usernames of the colleagues it was aimed at."
    )
    responsible_people: list[Reference] = Field(default_factory=list, max_length=50)
    unknown_people: list[Description] = Field(default_factory=list, max_length=50)
    involved_people: list[Reference] = Field(default_factory=list, max_length=50)
    location: Text = Field("", max_length=300)
    property_ref: OptionalReference = ""
    exact_words: Text = Field("", max_length=20_000)
    discrimination_grounds: list[DiscriminationGround] = Field(default_factory=list, max_length=30)
    discrimination_grounds_other: Text = Field("", max_length=200)
    injuries: bool = False
    injury_details: Text = Field("", max_length=20_000)
    police_attended: bool = False
    police_reported: bool = False
    crime_reference: Text = Field("", max_length=64)
    possible_antisocial_behaviour: bool = False
    possible_hate_incident: bool = False


class IncidentOut(Schema):
    id: int
    case_id: int | None


# --- contact events ---------------------------------------------------------------------------


class ContactEventIn(Schema):
    """One contact with a customer, as the contact centre recorded it."""

    event_id: Text = Field(..., min_length=1, max_length=128, description="Its id there.")
    person_reference: Reference
    occurred_at: AwareDatetime
    channel: ContactChannel
    direction: Direction
    subject: Subject
    handled_by: Text = Field("", max_length=150, description="A colleague's username.")
    asked_for: Text = Field("", max_length=150, description="A colleague's username.")
    reference: Text = Field("", max_length=64)
    summary: Text = Field("", max_length=300)
    safety_issue: bool = False

    @field_validator("occurred_at")
    @classmethod
    def not_before_2000(cls, value: datetime) -> datetime:
        if value < EARLIEST:
            raise ValueError("must be in 2000 or later")
        return value


class ContactsIn(Schema):
    source: Text = Field(
        "", max_length=64, description="The sending system; the token's name if empty."
    )
    rows: list[ContactEventIn] = Field(min_length=1, max_length=MAX_ROWS)


class ContactsOut(Schema):
    received: int
    created: int
    duplicates: int
    errors: list[RowErrorOut]


# --- the changes feed ---------------------------------------------------------------------------


class AlertChangeOut(Schema):
    id: int = Field(description="The cursor: pass the last one seen as `after`.")
    at: datetime
    kind: Literal["started", "changed", "ended"]
    measure: Literal["warning_flag", "contact_restriction"]
    measure_id: int
    person_reference: str | None
    property_reference: str | None
    uprn: str | None


class AlertChangesOut(Schema):
    changes: list[AlertChangeOut]
    next_after: int = Field(description="Pass as `after` to read on; unchanged when none new.")
