"""Personas and a small world shared by every test, built through the real actions."""

import os
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.models import User
from access.reauth import PASSWORD_CONFIRMED_KEY
from cases.models import Case
from demo.personas import DEMO_PASSWORD, ensure_demo_authenticator, ensure_personas
from incidents.actions import IncidentReport, report_incident
from incidents.models import Behaviour, Channel, Incident
from people.actions import record_household, record_person, record_property
from people.models import Person, Property

# live_server and sync Playwright share the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of PostgreSQL-only behaviour (the alert hot path, true write races) are left out
    of the SQLite pass, not skipped: CI runs them in its PostgreSQL pass, where they must pass.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


PERSONA_NAMES = [
    "frontline",
    "officer",
    "other_officer",
    "line_manager",
    "head_of_service",
    "director",
    "appeal_reviewer",
    "contractor_a",
    "contractor_b",
    "admin",
]


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    return ensure_personas(password=DEMO_PASSWORD)


def _persona(name: str):  # type: ignore[no-untyped-def]
    @pytest.fixture
    def fixture(personas: dict[str, User]) -> User:
        return personas[name]

    fixture.__name__ = name
    return fixture


frontline = _persona("frontline")
officer = _persona("officer")
other_officer = _persona("other_officer")
line_manager = _persona("line_manager")
head_of_service = _persona("head_of_service")
director = _persona("director")
appeal_reviewer = _persona("appeal_reviewer")
contractor_a = _persona("contractor_a")
contractor_b = _persona("contractor_b")
admin = _persona("admin")


def make_person(
    *,
    by: User,
    reference: str,
    first: str,
    last: str,
    postcode: str,
    kind: str = Person.Kind.CUSTOMER,
) -> Person:
    home, _ = record_property(
        external_reference=f"PR-{reference}",
        uprn=f"9{reference:0>10}",
        address_line_1=f"{len(reference)} Mill Lane",
        town="Bristol",
        postcode=postcode,
        by=by,
    )
    household, _ = record_household(
        external_reference=f"HH-{reference}", name=f"{last} household", property=home, by=by
    )
    person, _ = record_person(
        external_reference=f"PE-{reference}",
        kind=kind,
        first_name=first,
        last_name=last,
        household=household,
        by=by,
    )
    return person


def simple_report(*, person: Person | None, colleague: User, **changes: object) -> IncidentReport:
    values: dict[str, object] = {
        "occurred_at": timezone.now() - timedelta(hours=2),
        "colleague_at_work": True,
        "channel": Channel.PHONE,
        "description": "Shouted and swore at the colleague about a repair.",
        "behaviours": [Behaviour.SHOUTING_ABUSIVE_LANGUAGE],
        "affected_colleagues": [colleague],
        "responsible_people": [person] if person else [],
        "unknown_people": [] if person else ["Man in a red coat"],
        "exact_words": "You're useless, all of you.",
    }
    values.update(changes)
    return IncidentReport(**values)  # type: ignore[arg-type]


@dataclass
class World:
    """North patch (officer's team) and South patch (other_officer's team), one case each."""

    north_person: Person
    south_person: Person
    north_home: Property
    north_incident: Incident
    south_incident: Incident
    north_case: Case
    south_case: Case


@pytest.fixture
def world(personas: dict[str, User]) -> World:
    by = personas["admin"]
    north = make_person(by=by, reference="N1", first="Dennis", last="Archer", postcode="BS2 9TG")
    south = make_person(by=by, reference="S1", first="Ruth", last="Penrose", postcode="BA1 2QZ")
    north_incident = report_incident(
        report=simple_report(person=north, colleague=personas["frontline"]),
        by=personas["frontline"],
    )
    south_incident = report_incident(
        report=simple_report(person=south, colleague=personas["other_officer"]),
        by=personas["other_officer"],
    )
    assert north_incident.case is not None and south_incident.case is not None
    assert north.household is not None and north.household.property is not None
    return World(
        north,
        south,
        north.household.property,
        north_incident,
        south_incident,
        north_incident.case,
        south_incident.case,
    )


def verified_client(user: User) -> Client:
    """A client signed in as far as a real sign-in goes: password, code, password fresh."""
    client = Client()
    client.force_login(user)
    device = ensure_demo_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[PASSWORD_CONFIRMED_KEY] = time.time()
    session.save()
    return client


@pytest.fixture
def sign_in(personas: dict[str, User]):  # type: ignore[no-untyped-def]
    def client_for(name: str) -> Client:
        return verified_client(personas[name])

    return client_for


def current_code(user: User) -> str:
    """The code the user's authenticator shows now, or the next one if now's was used.

    A device accepts each time step once (replay protection), so a second sign-in within the
    same 30 seconds needs the next step's code, which the one-step tolerance allows.
    """
    while True:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        now_step = int(time.time() - device.t0) // device.step
        wanted = max(now_step, device.last_t + 1)
        if wanted <= now_step + device.drift + device.tolerance:
            code = totp(device.bin_key, device.step, device.t0, device.digits, wanted - now_step)
            return f"{code:0{device.digits}d}"
        time.sleep(1)


@pytest.fixture
def totp_for(personas: dict[str, User]):  # type: ignore[no-untyped-def]
    """totp_for("officer")() gives the persona's current code (their demo authenticator)."""

    def for_username(username: str):  # type: ignore[no-untyped-def]
        user = User.objects.get(username=username)
        ensure_demo_authenticator(user)
        return lambda: current_code(user)

    return for_username


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium"}
