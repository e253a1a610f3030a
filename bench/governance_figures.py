"""Server time of the governance dashboard, its charts and equality page, and the time to build
an annual board pack, on whatever data DATABASE_URL holds.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/safecontact_bench
    .venv/bin/python manage.py seed_demo --persons 200000     # ~1,000,000 incidents
    .venv/bin/python bench/governance_figures.py

Pages go through Django's whole stack (middleware, access policy, templates, audit writes) in
this process; the board pack is built by calling the worker's code in process. If no customer
has equality monitoring details yet, demo ones are written first (demo/equality.py).
"""

import functools
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
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/safecontact_bench")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from access.models import Role, User  # noqa: E402
from demo.equality import seed_equality  # noqa: E402
from demo.personas import ensure_demo_authenticator  # noqa: E402
from governance import figures  # noqa: E402
from governance.board_pack import build_files  # noqa: E402
from governance.equality import equality_section  # noqa: E402
from governance.models import BoardPack, EqualityProfile  # noqa: E402
from governance.periods import Period, financial_year_of  # noqa: E402
from incidents.models import Incident  # noqa: E402
from people.models import Person  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = ensure_demo_authenticator(user).persistent_id
    session.save()
    return client


def timed(label: str, call: Callable[[], object], runs: int = RUNS) -> float:
    queries = 0

    def count(execute: Callable[..., object], *args: object) -> object:
        nonlocal queries
        queries += 1
        return execute(*args)

    with connection.execute_wrapper(count):
        call()  # warm: first use imports matplotlib, fills caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(f"  {label:<46} {median:8.1f} ms  max {max(timings):8.1f} ms  {queries:4d} queries")
    return median


def busiest_year() -> Period:
    """The last whole financial year: the one before this one."""
    this_year = financial_year_of(timezone.localdate())
    return financial_year_of(this_year.starts_on - timedelta(days=1))


def main() -> None:
    incidents = Incident.objects.count()
    if not incidents:
        sys.exit("No data: run manage.py seed_demo --persons N first.")
    head = User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True).order_by("pk").first()
    if head is None:
        sys.exit("No Head of Service: run manage.py seed_demo first.")
    if not EqualityProfile.objects.exists():
        started = time.perf_counter()
        made = seed_equality(rng=random.Random(2026), by=head)
        print(
            f"Wrote demo equality details for {made} customers "
            f"in {time.perf_counter() - started:.1f} s"
        )
    year = busiest_year()
    start, end = year.bounds()
    in_year = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end).count()
    print(
        f"Data: {incidents:,} incidents, {Person.objects.count():,} people, "
        f"{EqualityProfile.objects.count():,} equality profiles; "
        f"{year.label}: {in_year:,} incidents. Median of {RUNS} runs."
    )
    print(f"  {'what':<46} {'median':>11}  {'slowest':>12}  queries")
    client = signed_in(head)
    query = {"starts_on": year.starts_on.isoformat(), "ends_on": year.ends_on.isoformat()}
    print("Figures, one at a time:")
    for name in (
        "incidents_by_month_and_channel",
        "incidents_by_behaviour",
        "incidents_by_severity",
        "time_to_first_action",
        "colleague_support",
        "measures",
        "referrals",
        "interventions",
    ):
        timed(name, functools.partial(getattr(figures, name), year))
    timed("equality (all customers)", lambda: equality_section(today=timezone.localdate()))
    print("Pages (server time through the whole stack):")
    page = timed(
        f"dashboard, {year.label}",
        lambda: _ok(client.get(reverse("governance:dashboard"), query)),
    )
    for slug in ("incidents_by_month", "incidents_by_behaviour", "incidents_by_severity"):
        chart_url = reverse("governance:chart", args=[slug])
        timed(f"chart {slug}", functools.partial(_get, client, chart_url, query))
    timed("equality monitoring", lambda: _ok(client.get(reverse("governance:equality"))))
    print("Board pack (built in process, as the worker builds it):")
    pack = BoardPack(
        label=year.label,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        requested_by=head,
        requested_at=timezone.now(),
        pk=0,
    )
    steps: list[tuple[float, str]] = []
    started = time.perf_counter()
    pdf, csv_zip = build_files(
        pack, progress=lambda percent, step: steps.append((time.perf_counter() - started, step))
    )
    total = time.perf_counter() - started
    for at, step in steps:
        print(f"    {at:6.2f} s  {step}")
    print(
        f"  annual board pack built in {total:.2f} s: PDF {len(pdf) / 1024:.0f} KB, "
        f"CSV zip {len(csv_zip) / 1024:.0f} KB"
    )
    print(
        f"Targets: dashboard under 1 s ({'met' if page < 1000 else 'NOT met'}), "
        f"board pack under 10 s ({'met' if total < 10 else 'NOT met'})."
    )


def _get(client: Client, url: str, query: dict[str, str]) -> None:
    _ok(client.get(url, query))


def _ok(response: object) -> None:
    status = getattr(response, "status_code", 0)
    assert status == 200, f"answered {status}"


if __name__ == "__main__":
    main()
