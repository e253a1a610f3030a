"""Prepare a load run: signed-in sessions and sampled ids, written as JSON for the locustfile.

    DATABASE_URL=postgres://…/safecontact_bench .venv/bin/python bench/load_setup.py OUT_DIR

Virtual users never touch the sign-in form (it may ask for a second factor): each gets a
session made here with Django's SessionStore, exactly what a sign-in leaves behind. When
django-otp is installed the session also names a confirmed device, as a verified second
factor would; a colleague without one is given a "Load benchmark" TOTP device, so run
this only on a benchmark database (it refuses production settings and other databases).
"""

import json
import os
import random
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402

from access import policy  # noqa: E402
from access.middleware import SESSION_STARTED_KEY  # noqa: E402
from access.models import Role, User  # noqa: E402
from people.models import Person  # noqa: E402

SESSIONS = int(os.environ.get("LOAD_SESSIONS", "80"))
SAMPLE = int(os.environ.get("LOAD_SAMPLE", "500"))
# Colleagues who do all four things in the mix: case officers (their own team's cases) and
# the all-seeing head of service and director. Frontline colleagues cannot open case pages.
CASEWORK_ROLES = [Role.CASE_OFFICER, Role.HEAD_OF_SERVICE, Role.DIRECTOR]


def refuse_unless_benchmark_database() -> None:
    if getattr(settings, "PRODUCTION", False):
        sys.exit("Refusing: production settings. Load runs create sessions and incidents.")
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "postgresql" or "bench" not in name:
        sys.exit(f"Refusing: {connection.vendor} database {name!r} is not a *bench* PostgreSQL.")


def second_factor(user: User) -> dict[str, str]:
    if not apps.is_installed("django_otp"):
        return {}
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Load benchmark", confirmed=True)
    return {DEVICE_ID_SESSION_KEY: device.persistent_id}


def signed_in_session(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_STARTED_KEY] = time.time()
    session.update(second_factor(user))
    session.create()
    assert session.session_key is not None
    return session.session_key


def sample_ids(queryset: Any, size: int) -> list[int]:
    return list(queryset.order_by("?").values_list("pk", flat=True)[:size])


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "var/load")
    out.mkdir(parents=True, exist_ok=True)
    refuse_unless_benchmark_database()
    rng = random.Random(1)

    colleagues = list(
        User.objects.filter(is_active=True, role__in=CASEWORK_ROLES).order_by("username")
    )
    if not colleagues:
        sys.exit("No case officers: seed the benchmark database first (seed_demo).")
    cases: dict[str, list[int]] = {}
    sessions = []
    for index in range(SESSIONS):
        user = colleagues[index % len(colleagues)]
        scope = "all" if user.role in policy.ALL_SEEING_ROLES else f"team:{user.team_id}"
        if scope not in cases:
            cases[scope] = sample_ids(policy.visible_cases(user), SAMPLE)
        sessions.append(
            {"username": user.username, "session": signed_in_session(user), "cases": scope}
        )

    people = list(
        Person.objects.order_by("?").values_list(
            "pk",
            "first_name",
            "last_name",
            "external_reference",
            "household__property__postcode",
        )[:SAMPLE]
    )
    searches = []
    for _, first, last, reference, postcode in people:
        # How colleagues search: a surname mostly, sometimes a full name, reference or postcode.
        searches.append(
            rng.choice([last, last, f"{first} {last}", str(reference), str(postcode or last)])
        )
    ids = {
        "person_ids": [row[0] for row in people],
        "searches": searches,
        "cases": cases,
    }
    (out / "sessions.json").write_text(json.dumps(sessions))
    (out / "ids.json").write_text(json.dumps(ids))
    print(
        f"{len(sessions)} sessions for {min(len(colleagues), SESSIONS)} colleagues; "
        f"{len(people)} people, {sum(map(len, cases.values()))} cases sampled into {out}/"
    )


if __name__ == "__main__":
    main()
