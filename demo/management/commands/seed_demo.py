import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from demo import bulk, casework, through_actions
from demo.bulk_housing import bulk_housing
from demo.contacts import seed_contacts
from demo.equality import seed_equality
from demo.personas import ensure_personas
from demo.tables import TableWriter
from governance.kept_figures import rebuild_kept_figures
from notifications.models import Notification
from people.models import Person

# Above this many people the real actions would take too long; rows are written in bulk.
BULK_FROM = 3000


class Command(BaseCommand):
    help = "Build synthetic demo data: colleagues, homes, people and three years of incidents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=300)
        parser.add_argument(
            "--incidents",
            type=int,
            default=None,
            help="How many incidents (default: 1.5 per person through the "
            "actions, 5 per person in bulk).",
        )
        parser.add_argument(
            "--bulk", action="store_true", help=f"Write rows in bulk even below {BULK_FROM} people."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if there are people already."
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never written to a production database.")
        persons: int = options["persons"]
        if persons < 1:
            raise CommandError("--persons must be at least 1.")
        if options["if_empty"] and Person.objects.exists():
            self.stdout.write("People already exist; demo data left as it is.")
            return
        rng = random.Random(options["seed"])
        started = time.monotonic()
        users = ensure_personas()
        use_bulk = options["bulk"] or persons >= BULK_FROM
        now = timezone.now()
        if use_bulk:
            total = options["incidents"] if options["incidents"] is not None else persons * 5
            writer = TableWriter()
            staff = bulk.bulk_colleagues(persons=persons, users=users, rng=rng)
            people = bulk_housing(persons=persons, rng=rng, writer=writer, now=now)
            self._progress(started, f"{persons} people and their homes")
            made = bulk.bulk_incidents(
                people=people, total=total, rng=rng, staff=staff, writer=writer, now=now
            )
        else:
            total = options["incidents"] if options["incidents"] is not None else persons * 3 // 2
            colleagues = through_actions.extra_colleagues(count=max(5, persons // 60), users=users)
            residents = through_actions.seed_housing(
                persons=persons, rng=rng, by=users["admin"], today=now
            )
            self._progress(started, f"{persons} people and their homes")
            made = through_actions.seed_incidents(
                people=residents,
                total=total,
                rng=rng,
                reporters=[users["frontline"], users["officer"], *colleagues],
                now=now,
            )
            worked = casework.seed_casework(users=users)
            self._progress(started, f"casework on {worked} cases")
            contacts = seed_contacts(users=users, rng=rng)
            self._progress(started, f"{contacts} contacts, their signals and a breach")
            self._quieten_history(now)
        profiles = seed_equality(rng=rng, by=users["officer"])
        self._progress(started, f"{profiles} equality monitoring records")
        # The dashboard counts settled days from kept figures; count the seeded history once.
        rebuild_kept_figures()
        self._progress(started, f"{made} incidents")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {persons} people, {made} incidents in "
                f"{time.monotonic() - started:.1f} s "
                f"({'bulk' if use_bulk else 'through the actions'})."
            )
        )

    def _progress(self, started: float, what: str) -> None:
        self.stdout.write(f"  {time.monotonic() - started:7.1f} s  {what}")

    @transaction.atomic
    def _quieten_history(self, now: Any) -> None:
        """Three years of seeded notifications count as read and emailed, but the last few."""
        keep = list(Notification.objects.order_by("-created_at").values_list("pk", flat=True)[:5])
        Notification.objects.exclude(pk__in=keep).update(read_at=now, emailed_at=now)
