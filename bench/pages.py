"""Server time and SQL queries of the busiest pages, on whatever data DATABASE_URL holds.

    export DATABASE_URL=postgres://…/safecontact_bench
    .venv/bin/python manage.py seed_demo --persons 200000
    .venv/bin/python bench/pages.py

Requests go through Django's whole stack (middleware, access policy, templates, audit
writes) in this process, so the figures are server time without the network.
"""

import os
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
# Static files are not served in this process; whitenoise need not say so.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from access.models import User  # noqa: E402
from cases.models import Case  # noqa: E402
from demo.personas import ensure_demo_authenticator  # noqa: E402
from incidents.models import Incident  # noqa: E402
from people.models import Person, Property  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def signed_in(user: User) -> Client:
    """A client past both sign-in steps (password and code), as a colleague would be."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = ensure_demo_authenticator(user).persistent_id
    session.save()
    return client


def measure[T](label: str, request: Callable[[T], int], arguments: list[T]) -> None:
    with CaptureQueriesContext(connection) as captured:
        status = request(arguments[0])
    queries = len(captured)
    timings = []
    for argument in arguments:
        started = time.perf_counter()
        status = request(argument)
        timings.append((time.perf_counter() - started) * 1000)
        assert status in (200, 302), f"{label} answered {status}"
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{label:<34} {statistics.median(timings):8.1f} ms {p95:8.1f} ms {queries:8d}"
        f" {len(timings):6d}"
    )


def main() -> None:
    rng = random.Random(1)
    people, incidents = Person.objects.count(), Incident.objects.count()
    if not incidents:
        sys.exit("No data: run manage.py seed_demo --persons N first.")
    print(f"SafeContact page benchmark on {connection.vendor}, {os.cpu_count()} CPU cores")
    print(
        f"Data: {people:,} people, {Property.objects.count():,} properties, "
        f"{incidents:,} incidents, {Case.objects.count():,} cases\n"
    )
    print(f"{'':<34} {'median':>11} {'p95':>11} {'queries':>8} {'runs':>6}")

    head = User.objects.get(username="head_of_service")
    frontline = User.objects.get(username="frontline")
    staff, reporter = signed_in(head), signed_in(frontline)

    # Case pages: a random spread, and the most prolific cases (longest chronologies).
    case_ids = list(Case.objects.order_by("?").values_list("pk", flat=True)[:REQUESTS])
    busiest = list(
        Case.objects.annotate(n=Count("incidents")).order_by("-n").values_list("pk", "n")[:20]
    )

    def case_page(pk: int) -> int:
        return staff.get(reverse("cases:detail", args=[pk])).status_code

    measure("case page (random case)", case_page, case_ids)
    measure(
        f"case page (busiest, {busiest[0][1]} incidents)",
        case_page,
        [pk for pk, _ in busiest] * (REQUESTS // 20),
    )

    sample = list(
        Person.objects.order_by("?").values_list(
            "last_name",
            "first_name",
            "external_reference",
            "household__property__uprn",
            "household__property__postcode",
        )[:REQUESTS]
    )
    searches: dict[str, list[str]] = {
        "person search (surname)": [row[0] for row in sample],
        "person search (first and surname)": [f"{row[1]} {row[0]}" for row in sample],
        "person search (reference)": [str(row[2]) for row in sample],
        "person search (UPRN)": [str(row[3] or row[2]) for row in sample],
        "person search (postcode)": [str(row[4] or row[0]) for row in sample],
    }

    def search(query: str) -> int:
        return staff.get(reverse("people:search"), {"q": query}).status_code

    for label, queries in searches.items():
        measure(label, search, queries)

    person_ids = list(Person.objects.order_by("?").values_list("pk", flat=True)[:REQUESTS])

    def report(pk: int) -> int:
        when = timezone.localtime() - timedelta(hours=rng.randint(1, 48))
        return reporter.post(
            reverse("incidents:report"),
            {
                "responsible": [str(pk)],
                "occurred_date": when.strftime("%Y-%m-%d"),
                "occurred_time": when.strftime("%H:%M"),
                "colleague_at_work": "yes",
                "channel": "phone",
                "unacceptable_behaviours": ["shouting"],
                "description": "Shouted and swore about a repair (benchmark).",
                "directed_at_me": "on",
                "injuries": "no",
                "police_attended": "no",
            },
        ).status_code

    measure("report an incident (POST)", report, person_ids)


if __name__ == "__main__":
    main()
