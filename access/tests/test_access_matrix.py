"""Every URL × every persona × GET and POST, against the policy table.

A route missing from access/policy.py's ROUTES fails here; a persona without the route's
capability gets 403 (colleagues) or 404 (contractors); a refused write changes nothing.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from access import policy
from access.models import User
from api.actions import create_api_token, subscribe_webhook
from api.models import ApiToken, WebhookSubscription
from audit.models import AuditEvent
from cases.models import Case, ChronologyEntry
from conftest import PERSONA_NAMES, World
from contacts.actions import ContactDetails, change_signal_settings, log_contact
from contacts.models import DemandSignal
from contractors.actions import record_job
from decisions.actions import approve_decision, propose_decision, record_needs_check
from decisions.models import Decision, Response
from flags.actions import propose_flag
from flags.models import WarningFlag
from incidents.models import Incident
from notifications.models import Notification
from people.models import Person
from restrictions.actions import propose_restriction
from restrictions.models import ContactRestriction

pytestmark = pytest.mark.django_db


def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name or ""), entry


def app_routes() -> list[str]:
    """Named routes outside Django's admin site (which the NAMESPACES row governs)."""
    return sorted(
        {name for name, _ in walk(get_resolver().url_patterns) if not name.startswith("admin:")}
    )


def test_every_route_is_in_the_policy_table() -> None:
    missing = [name for name in app_routes() if name not in policy.ROUTES]
    assert missing == [], f"Routes with no entry in access/policy.py ROUTES: {missing}"


def test_the_policy_table_names_no_route_that_does_not_exist() -> None:
    assert sorted(set(policy.ROUTES) - set(app_routes())) == []


def test_unnamed_routes_do_not_exist() -> None:
    unnamed = [
        p.pattern
        for name, p in walk(get_resolver().url_patterns)
        if not name.split(":")[-1] and not name.startswith("admin")
    ]
    assert unnamed == []


def north_decision(world: World, personas: dict[str, User]) -> Decision:
    """A decision in force on the North case (made once per test)."""
    existing = world.north_case.decisions.filter(response=Response.INFORMAL_CONVERSATION).first()
    if existing is not None:
        return existing
    return propose_decision(
        case=world.north_case,
        response=Response.INFORMAL_CONVERSATION,
        basis="Spoke to him about shouting at the office.",
        by=personas["officer"],
    )


def north_measures(
    world: World, personas: dict[str, User]
) -> tuple[WarningFlag, ContactRestriction]:
    """An approved flag on the North home and restriction on its tenant, and contractor_a's
    job there (made once per test)."""
    flag = WarningFlag.objects.filter(case=world.north_case).first()
    restriction = ContactRestriction.objects.filter(case=world.north_case).first()
    if flag is not None and restriction is not None:
        return flag, restriction
    officer, head = personas["officer"], personas["head_of_service"]
    today = date.today()
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    flag = propose_flag(
        case=world.north_case,
        by=officer,
        risk_level="high",
        handling_instruction="Attend in pairs.",
        incidents=[world.north_incident],
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Threatened an engineer.",
        home=world.north_home,
    )
    approve_decision(decision=flag.decision, by=head)
    restriction = propose_restriction(
        case=world.north_case,
        by=officer,
        kind="no_social_media",
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Abuse on social media.",
    )
    approve_decision(decision=restriction.decision, by=head)
    record_job(
        external_reference="JOB-MATRIX",
        home=world.north_home,
        contractor_id=personas["contractor_a"].contractor_organisation_id,  # type: ignore[arg-type]
        starts_on=today,
        by=None,
    )
    return flag, restriction


def api_records(personas: dict[str, User]) -> tuple[ApiToken, WebhookSubscription]:
    """An API token and its webhook, for the API administration pages (made once per test)."""
    subscription = WebhookSubscription.objects.select_related("token").first()
    if subscription is not None:
        return subscription.token, subscription
    token, _raw = create_api_token(
        name="Housing system", scopes=["alerts:read"], by=personas["admin"]
    )
    subscription, _secret = subscribe_webhook(
        name="Housing system", url="https://example.org/hook", token=token, by=personas["admin"]
    )
    return token, subscription


def north_signal(world: World, personas: dict[str, User]) -> DemandSignal:
    """A raised demand signal for the North tenant (made once per test): two contacts in a
    week against a threshold of two."""
    existing = DemandSignal.objects.filter(person=world.north_person).first()
    if existing is not None:
        return existing
    change_signal_settings(values={"volume_7_days": 2}, by=personas["head_of_service"])
    for _ in range(2):
        log_contact(
            person=world.north_person,
            details=ContactDetails(
                occurred_at=timezone.now() - timedelta(hours=1),
                channel="phone",
                direction="inbound",
                subject="rent",
            ),
            by=personas["frontline"],
        )
    return DemandSignal.objects.get(person=world.north_person)


def url_for(name: str, world: World, personas: dict[str, User]) -> str:
    """The route's URL with each id pointing at a record in the North patch."""
    pattern = next(p for n, p in walk(get_resolver().url_patterns) if n == name)
    notification = Notification.objects.filter(recipient=personas["line_manager"]).first()
    evidence = world.north_incident.evidence.first()
    flag, restriction = north_measures(world, personas)
    values = {
        "incident_id": world.north_incident.pk,
        "case_id": world.north_case.pk,
        "person_id": world.north_person.pk,
        "property_id": world.north_home.pk,
        "notification_id": notification.pk if notification else 0,
        "evidence_id": evidence.pk if evidence else 0,
        "decision_id": north_decision(world, personas).pk,
        "flag_id": flag.pk,
        "restriction_id": restriction.pk,
        "appeal_id": 0,
        "referral_id": 0,
        "legal_action_id": 0,
        "disclosure_id": 0,
        "affected_id": world.north_incident.affected_colleagues.get().pk,
        "follow_up_id": 0,
        "letter_id": 0,
        "request_id": 0,
        "item_id": 0,
        "chart": "incidents_by_month",
        "pack_id": 0,
        "version_id": 0,
        "token_id": api_records(personas)[0].pk,
        "subscription_id": api_records(personas)[1].pk,
        "kind": "property",
        "reference": world.north_home.external_reference,
        "name": "swagger-ui.css",
        "signal_id": north_signal(world, personas).pk,
        "contact_import_id": 0,
    }
    kwargs = {key: values[key] for key in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs)


def snapshot() -> tuple[int, ...]:
    return (
        Incident.objects.count(),
        Case.objects.count(),
        ChronologyEntry.objects.count(),
        Person.objects.count(),
        Notification.objects.filter(read_at__isnull=False).count(),
        ApiToken.objects.filter(revoked_at__isnull=True).count(),
        WebhookSubscription.objects.filter(active=True).count(),
    )


@pytest.mark.parametrize("route", app_routes())
def test_signed_out_visitors_are_sent_to_sign_in(
    route: str, world: World, personas: dict[str, User]
) -> None:
    if policy.ROUTES[route] == policy.Capability.PUBLIC:
        return
    url = url_for(route, world, personas)
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, (route, method)
        assert response["Location"].startswith(reverse("login")), (route, method)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("route", app_routes())
def test_route_answers_each_persona_as_the_policy_says(
    route: str, persona: str, world: World, personas: dict[str, User], sign_in: Any
) -> None:
    user = personas[persona]
    url = url_for(route, world, personas)
    capability = policy.ROUTES[route]
    allowed = policy.has_capability(user, capability)
    client: Client = sign_in(persona)
    for method in ("get", "post"):
        before = snapshot()
        response = getattr(client, method)(url)
        status = response.status_code
        assert status < 500, (route, persona, method)
        if not allowed:
            expected = 404 if persona.startswith("contractor") else 403
            assert status == expected, (route, persona, method, status)
            assert snapshot() == before, f"refused {method} on {route} changed the database"
        elif status in (403, 404):
            assert snapshot() == before, f"refused {method} on {route} changed the database"
        if route == "logout":
            client = sign_in(persona)


# What each persona gets on the North patch's records (GET). 404: the record is not theirs to
# know about; 403: they know it exists but may not open it.
SEE_INSTRUCTIONS = {
    "frontline": 200,
    "line_manager": 200,
    "officer": 200,
    "other_officer": 200,
    "head_of_service": 200,
    "director": 200,
    "appeal_reviewer": 200,
    "contractor_a": 404,
    "contractor_b": 404,
    "admin": 403,
}
OBJECT_EXPECTATIONS = {
    # Every colleague who can find the person sees a measure's instruction (not its reasons).
    "flags:detail": SEE_INSTRUCTIONS,
    "restrictions:detail": SEE_INSTRUCTIONS,
    # Only the contractor dispatched to the home; colleagues are not contractors.
    "contractors:home": {
        "frontline": 403,
        "line_manager": 403,
        "officer": 403,
        "other_officer": 403,
        "head_of_service": 403,
        "director": 403,
        "appeal_reviewer": 403,
        "contractor_a": 200,
        "contractor_b": 404,
        "admin": 403,
    },
    "incidents:detail": {
        "frontline": 200,
        "line_manager": 200,
        "officer": 200,
        "other_officer": 404,
        "head_of_service": 200,
        "director": 200,
        "appeal_reviewer": 404,
        "contractor_a": 404,
        "contractor_b": 404,
        "admin": 403,
    },
    "cases:detail": {
        "frontline": 403,
        "line_manager": 403,
        "officer": 200,
        "other_officer": 404,
        "head_of_service": 200,
        "director": 200,
        "appeal_reviewer": 404,
        "contractor_a": 404,
        "contractor_b": 404,
        "admin": 403,
    },
    "people:person": {
        "frontline": 200,
        "line_manager": 200,
        "officer": 200,
        "other_officer": 200,
        "head_of_service": 200,
        "director": 200,
        "appeal_reviewer": 200,
        "contractor_a": 404,
        "contractor_b": 404,
        "admin": 403,
    },
    "people:property": {
        "frontline": 200,
        "line_manager": 200,
        "officer": 200,
        "other_officer": 200,
        "head_of_service": 200,
        "director": 200,
        "appeal_reviewer": 200,
        "contractor_a": 404,
        "contractor_b": 404,
        "admin": 403,
    },
}


@pytest.mark.parametrize("route", sorted(OBJECT_EXPECTATIONS))
def test_records_are_shown_only_to_those_who_need_to_know(
    route: str, world: World, personas: dict[str, User], sign_in: Any
) -> None:
    url = url_for(route, world, personas)
    seen = {persona: sign_in(persona).get(url).status_code for persona in PERSONA_NAMES}
    assert seen == OBJECT_EXPECTATIONS[route]


def test_a_hidden_record_and_a_missing_one_look_the_same(world: World, sign_in: Any) -> None:
    client = sign_in("other_officer")
    hidden = client.get(reverse("cases:detail", args=[world.north_case.pk]))
    missing = client.get(reverse("cases:detail", args=[world.north_case.pk + 10_000]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_case_note_from_another_team_is_refused_and_changes_nothing(
    world: World, sign_in: Any
) -> None:
    before = (ChronologyEntry.objects.count(), AuditEvent.objects.count())
    response = sign_in("other_officer").post(
        reverse("cases:add_note", args=[world.north_case.pk]), {"text": "Not my case"}
    )
    assert response.status_code == 404
    assert (ChronologyEntry.objects.count(), AuditEvent.objects.count()) == before


def test_wrong_method_is_refused_with_405(world: World, sign_in: Any) -> None:
    client = sign_in("officer")
    assert client.get(reverse("cases:add_note", args=[world.north_case.pk])).status_code == 405
    assert client.post(reverse("cases:detail", args=[world.north_case.pk])).status_code == 405


def test_admin_site_is_for_system_administrators_only(
    personas: dict[str, User], sign_in: Any
) -> None:
    url = reverse("admin:access_user_changelist")
    seen = {persona: sign_in(persona).get(url).status_code for persona in PERSONA_NAMES}
    assert seen == {
        persona: (200 if persona == "admin" else 404 if persona.startswith("contractor") else 403)
        for persona in PERSONA_NAMES
    }
