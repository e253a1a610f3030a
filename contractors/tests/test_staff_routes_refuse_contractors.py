"""A contractor at work at a flagged home is still told nothing else exists."""

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from access import policy
from conftest import World
from contractors.tests.conftest import GiveJob
from flags.models import WarningFlag

pytestmark = pytest.mark.django_db

OPEN_TO_CONTRACTORS = {
    policy.Capability.PUBLIC,
    policy.Capability.SIGNED_IN,
    policy.Capability.CONTRACTOR_PORTAL,
}


def named_patterns(patterns: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found += named_patterns(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}:{entry.name}" if namespace else entry.name, entry))
    return found


def test_every_staff_route_is_404_for_a_contractor_with_a_job_at_the_flagged_home(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any
) -> None:
    give_job(firm="Severn Gas Services", home=world.north_home)
    ids = {
        "case_id": world.north_case.pk,
        "person_id": world.north_person.pk,
        "property_id": world.north_home.pk,
        "incident_id": world.north_incident.pk,
        "decision_id": home_flag.decision_id,
        "flag_id": home_flag.pk,
    }
    client = sign_in("contractor_a")
    checked = []
    for name, pattern in named_patterns(get_resolver().url_patterns):
        if name.startswith("admin") or policy.ROUTES.get(name) in OPEN_TO_CONTRACTORS:
            continue
        kwargs = {key: ids.get(key, 1) for key in pattern.pattern.converters}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 404, (name, method)
        checked.append(name)
    assert {"cases:detail", "people:person", "people:property", "incidents:detail"} <= set(checked)
