"""The named colleagues every demo and every test shares (STYLE.md's personas)."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.models import ContractorOrganisation, Role, Team, User

# Shown by `make run`; demo databases only (seed_demo refuses to run in production).
DEMO_PASSWORD = "safecontact-demo"
# Every demo persona's authenticator shares this key (the RFC 6238 test key, hex for
# "12345678901234567890"; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ). Demo databases only.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_URL = (
    "otpauth://totp/SafeContact%20demo?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    "&algorithm=SHA1&digits=6&period=30&issuer=SafeContact"
)


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: Role
    job_title: str
    team: str | None = None
    line_manager: str | None = None
    organisation: str | None = None


TEAMS = {
    # name: (handles_cases, patch postcodes)
    "North casework": (True, "BS1, BS2, BS3, BS4, BS5"),
    "South casework": (True, "BA, TA, BS6, BS7, BS8, BS9"),
    "Neighbourhood housing": (False, ""),
    "Customer contact centre": (False, ""),
    "Customer and community support": (False, ""),
}
CONTRACTORS = ["Severn Gas Services", "Westway Repairs"]

PERSONAS = [
    Persona("director", "Dana", "Okafor", Role.DIRECTOR, "Director of Customer Operations"),
    Persona(
        "head_of_service",
        "Harriet",
        "Lowe",
        Role.HEAD_OF_SERVICE,
        "Head of Customer and Community Support",
        "Customer and community support",
        "director",
    ),
    Persona(
        "line_manager",
        "Liam",
        "Marsh",
        Role.LINE_MANAGER,
        "Neighbourhood Housing Manager",
        "Neighbourhood housing",
        "head_of_service",
    ),
    Persona(
        "frontline",
        "Fatima",
        "Rahman",
        Role.FRONTLINE,
        "Neighbourhood Housing Officer",
        "Neighbourhood housing",
        "line_manager",
    ),
    Persona(
        "officer",
        "Owen",
        "Price",
        Role.CASE_OFFICER,
        "Tenancy Sustainment Case Officer",
        "North casework",
        "head_of_service",
    ),
    Persona(
        "other_officer",
        "Grace",
        "Nwosu",
        Role.CASE_OFFICER,
        "Tenancy Sustainment Case Officer",
        "South casework",
        "head_of_service",
    ),
    Persona(
        "appeal_reviewer",
        "Arthur",
        "Bell",
        Role.APPEAL_REVIEWER,
        "Head of Housing Services",
        None,
        "director",
    ),
    Persona(
        "contractor_a",
        "Carl",
        "Adams",
        Role.CONTRACTOR,
        "Gas engineer",
        organisation="Severn Gas Services",
    ),
    Persona(
        "contractor_b",
        "Bea",
        "Brown",
        Role.CONTRACTOR,
        "Repairs operative",
        organisation="Westway Repairs",
    ),
    Persona("admin", "Sam", "Ahmed", Role.SYSTEM_ADMINISTRATOR, "Systems administrator"),
]


@transaction.atomic
def ensure_personas(*, password: str = DEMO_PASSWORD) -> dict[str, User]:
    """Teams, contractor firms and the named colleagues; safe to run again."""
    teams = {}
    for name, (handles_cases, patch) in TEAMS.items():
        teams[name], _ = Team.objects.get_or_create(
            name=name, defaults={"handles_cases": handles_cases, "patch_postcodes": patch}
        )
    firms = {
        name: ContractorOrganisation.objects.get_or_create(name=name)[0] for name in CONTRACTORS
    }
    administrators = ensure_administrators_group()
    users: dict[str, User] = {}
    for persona in PERSONAS:
        user = User.objects.filter(username=persona.username).first()
        if user is None:
            user = User(username=persona.username)
            user.set_password(password)
        user.first_name, user.last_name = persona.first_name, persona.last_name
        user.role, user.job_title = persona.role, persona.job_title
        user.email = f"{persona.username}@safecontact.example"
        user.team = teams[persona.team] if persona.team else None
        user.line_manager = users.get(persona.line_manager or "")
        user.contractor_organisation = firms[persona.organisation] if persona.organisation else None
        user.is_staff = persona.role == Role.SYSTEM_ADMINISTRATOR
        user.full_clean(exclude=["password"])
        user.save()
        if user.is_staff:
            user.groups.add(administrators)
        ensure_demo_authenticator(user)
        users[persona.username] = user
    return users


def ensure_administrators_group() -> Group:
    """System administrators manage accounts, teams, firms and grants: the access app only.

    They get no permission on incidents, cases or people (need to know).
    """
    group, _ = Group.objects.get_or_create(name="System administrators")
    group.permissions.set(Permission.objects.filter(content_type__app_label="access"))
    return group


def ensure_demo_authenticator(user: User) -> TOTPDevice:
    """A confirmed authenticator with the shared demo key, so demo sign-ins need no set-up."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
        )
    return device
