"""Contact events: the contact log, demand signals and restriction breaches.

Besides the log itself, one summary row per recently active person is kept up to date in the
same transaction as every insert (`contacts/summaries.py`). Signals are computed from those
rows, never by re-reading the whole log (see `contacts/summaries.py` for why).
"""

from bisect import bisect_left
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    PORTAL = "portal", "Online portal"
    SOCIAL_MEDIA = "social_media", "Social media"
    OTHER = "other", "Other"


class Direction(models.TextChoices):
    INBOUND = "inbound", "From the customer"
    OUTBOUND = "outbound", "From us"


class Subject(models.TextChoices):
    REPAIR = "repair", "Repair"
    RENT = "rent", "Rent"
    COMPLAINT = "complaint", "Complaint"
    ASB = "asb", "Anti-social behaviour"
    OTHER = "other", "Other"
    NOT_LANDLORD = "not_landlord", "Not the landlord's responsibility"


# Policy and guidance: a restriction never stops a new repair, a safety issue or a complaint
# reaching us, so contacts about them are never breaches (flags.instructions.ALWAYS_ALLOWED).
NEVER_BLOCKED_SUBJECTS = frozenset({Subject.REPAIR.value, Subject.COMPLAINT.value})
# Written channels: what a "written contact only" restriction allows.
WRITTEN_CHANNELS = frozenset({Channel.LETTER.value, Channel.EMAIL.value, Channel.PORTAL.value})
# Calls and visits: what set call times govern.
TIMED_CHANNELS = frozenset({Channel.PHONE.value, Channel.IN_PERSON.value})


class ContactEvent(models.Model):
    """One contact with a person, either way, by any channel."""

    # No single-column indexes on the foreign keys: every index slows the bulk ingest, and
    # the log is read by person and time, which the composite index serves.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="contact_events", db_index=False
    )
    occurred_at = models.DateTimeField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    asked_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    subject = models.CharField(max_length=16, choices=Subject.choices)
    safety_issue = models.BooleanField(
        default=False, help_text="About a safety issue: never blocked by a restriction."
    )
    reference = models.CharField(
        max_length=64, blank=True, help_text="The complaint or request reference it belongs to."
    )
    summary = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=64, blank=True, default="", help_text="The system it came from; blank: here."
    )
    source_event_id = models.CharField(max_length=128, null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        indexes = [
            # Covering: a person's window is read from the index alone (an index-only scan),
            # not from heap pages scattered over two years of everyone's contacts. On SQLite
            # (the demo) the included columns are left out and it is a plain index.
            models.Index(
                fields=["person", "occurred_at"],
                include=["id", "direction", "subject", "reference", "asked_for", "handled_by"],
                name="contact_person_time_cover",
            )
        ]
        constraints = [
            # Idempotent ingestion: a source system's event is stored once. App rows have no
            # source event id, and NULLs never clash.
            models.UniqueConstraint(
                fields=["source", "source_event_id"], name="contact_source_event_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_direction_display()} {self.occurred_at}"

    @property
    def never_blocked(self) -> bool:
        return self.subject in NEVER_BLOCKED_SUBJECTS or self.safety_issue


class PersonSummary(models.Model):
    """One person's inbound contacts over the rolling windows that end on `as_of`.

    One row per person who contacted us in the last 90 local days, kept up to date in the
    same transaction as every insert and moved on each day by the daily roll
    (`contacts/summaries.py`). A window of `w` days holds the contacts on local days
    `as_of - (w - 1)` onwards. Besides the counts the signals test, a few bounds let the full
    recomputation look in detail only at people who could qualify for concentration or churn.
    """

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    as_of = models.DateField()
    contacts_7 = models.IntegerField(default=0)
    contacts_30 = models.IntegerField(default=0)
    contacts_90 = models.IntegerField(default=0)
    not_landlord_90 = models.IntegerField(default=0)
    # Bounds for the detailed checks (each an upper bound on what the check can find).
    asked_for_30 = models.IntegerField(default=0, help_text="Contacts asking for a colleague.")
    # Contacts handled by colleagues whose id leaves remainder 0..3 when divided by 4: the
    # most handled by one colleague is at most the largest of these.
    handled_30_0 = models.IntegerField(default=0)
    handled_30_1 = models.IntegerField(default=0)
    handled_30_2 = models.IntegerField(default=0)
    handled_30_3 = models.IntegerField(default=0)
    referenced_90 = models.IntegerField(default=0, help_text="Contacts naming a reference.")
    # The most changes of subject of one reference in 90 days when last checked in detail:
    # contacts leaving the window only lower it, and every new contact naming a reference
    # brings it up to date, so it never understates.
    churn_90 = models.IntegerField(default=0, db_default=0)

    def __str__(self) -> str:
        return f"{self.person_id} to {self.as_of}: {self.contacts_30} in 30 days"


class SummaryState(models.Model):
    """The singleton row recording the last local day the summaries were rolled to."""

    rolled_to = models.DateField()

    def __str__(self) -> str:
        return f"Summaries rolled to {self.rolled_to}"


class SignalKind(models.TextChoices):
    VOLUME = "volume", "High volume of contact"
    CONCENTRATION = "concentration", "Insisting on one colleague"
    CHURN = "churn", "Changing the substance of a complaint or request"
    NOT_LANDLORD = "not_landlord", "Matters that are not our responsibility"


class DemandSignal(models.Model):
    """A pattern of contact worth an officer's look. Never a sanction by itself."""

    class Status(models.TextChoices):
        RAISED = "raised", "Raised"
        DISMISSED = "dismissed", "Dismissed"
        ACTED_ON = "acted_on", "Turned into an incident"

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="demand_signals"
    )
    kind = models.CharField(max_length=16, choices=SignalKind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RAISED)
    # The casework team whose officers see it: the person's case's team, else their patch's.
    team = models.ForeignKey(
        "access.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField()
    updated_at = models.DateTimeField(help_text="When the figures were last brought up to date.")
    score = models.FloatField(default=0, help_text="How far past its threshold; ranks the list.")
    explanation = models.TextField()
    figures = models.JSONField(default=dict)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dismiss_reason = models.TextField(blank=True)
    acted_on_at = models.DateTimeField(null=True, blank=True)
    acted_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status="raised"),
                name="demand_signal_one_raised_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed")
                | (
                    Q(dismissed_at__isnull=False, dismissed_by__isnull=False)
                    & ~Q(dismiss_reason="")
                ),
                name="demand_signal_dismissed_with_who_and_why",
            ),
            models.CheckConstraint(
                condition=~Q(status="acted_on")
                | Q(acted_on_at__isnull=False, acted_on_by__isnull=False, incident__isnull=False),
                name="demand_signal_acted_on_has_incident",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-score"], name="demand_signal_ranked"),
            models.Index(fields=["person", "kind", "-raised_at"], name="demand_signal_person"),
            models.Index(fields=["raised_at"], name="demand_signal_raised_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_raised(self) -> bool:
        return self.status == self.Status.RAISED

    @property
    def closed_at(self) -> Any:
        return self.dismissed_at or self.acted_on_at


class BreachKind(models.TextChoices):
    CHANNEL = "channel", "A channel the restriction does not allow"
    SINGLE_POINT_OF_CONTACT = "single_point_of_contact", "A colleague other than the named one"
    CONTACT_LIMIT = "contact_limit", "More contacts than allowed in the period"
    CALL_TIMES = "call_times", "Outside the set call times"


class RestrictionBreach(models.Model):
    """A contact that broke an active contact restriction: evidence for the case."""

    event = models.ForeignKey(ContactEvent, on_delete=models.PROTECT, related_name="breaches")
    restriction = models.ForeignKey(
        "restrictions.ContactRestriction", on_delete=models.PROTECT, related_name="breaches"
    )
    breached = models.CharField(max_length=32, choices=BreachKind.choices)
    detail = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "restriction"], name="breach_once_per_event")
        ]
        indexes = [models.Index(fields=["restriction", "-recorded_at"], name="breach_recent")]

    def __str__(self) -> str:
        return f"{self.restriction} {self.get_breached_display()}"


class SignalSettings(models.Model):
    """Thresholds for demand signals: data, changed by the Head of Service.

    Each change is a new row, so the thresholds in force at any time stay on record.
    """

    volume_7_days = models.PositiveIntegerField("Contacts in 7 days", default=15)
    volume_30_days = models.PositiveIntegerField("Contacts in 30 days", default=40)
    volume_90_days = models.PositiveIntegerField("Contacts in 90 days", default=90)
    volume_percentile = models.DecimalField(
        "Percentile of everyone's 30-day contacts", max_digits=5, decimal_places=2, default=99.5
    )
    percentile_minimum = models.PositiveIntegerField(
        "Fewest 30-day contacts for the percentile to count", default=10
    )
    concentration_share = models.PositiveIntegerField(
        "Share of contacts for one colleague (per cent)", default=60
    )
    concentration_minimum = models.PositiveIntegerField(
        "Fewest contacts for one colleague", default=10
    )
    concentration_days = models.PositiveIntegerField("Days looked at for one colleague", default=30)
    churn_changes = models.PositiveIntegerField(
        "Changes of subject of one complaint or request", default=3
    )
    not_landlord_90_days = models.PositiveIntegerField(
        "Contacts about matters not ours in 90 days", default=6
    )
    regrowth_percent = models.PositiveIntegerField(
        "Growth that raises a dismissed pattern again (per cent)", default=25
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "signal settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(concentration_share__lte=100, volume_percentile__lte=100),
                name="signal_settings_shares_are_percentages",
            ),
            models.CheckConstraint(
                condition=Q(concentration_days__gte=1, concentration_days__lte=90),
                name="signal_settings_concentration_within_90_days",
            ),
        ]

    def __str__(self) -> str:
        return "Signal settings"

    @classmethod
    def current(cls) -> "SignalSettings":
        latest = cls.objects.order_by("-pk").first()
        return latest if latest is not None else cls.objects.create()


class SignalPopulation(models.Model):
    """Everyone's 30-day contact counts as of the last full recomputation.

    The percentile of one person's contacts is read from this, so a single new contact does
    not re-count the whole population.
    """

    computed_at = models.DateTimeField()
    people = models.PositiveIntegerField(help_text="Everyone on record, contacts or not.")
    # {"30-day count": people with that count}, for counts of one or more.
    histogram = models.JSONField(default=dict)
    cutoff = models.PositiveIntegerField(
        null=True, blank=True, help_text="Fewest 30-day contacts at the configured percentile."
    )

    def __str__(self) -> str:
        return f"Population of {self.people} at {self.computed_at}"

    def at_or_above(self, count: int) -> int:
        counts, from_here = self._cumulative()
        return from_here[bisect_left(counts, count)]

    def _cumulative(self) -> tuple[list[int], list[int]]:
        """The counts in order, and how many people have each count or more (+ a final 0).

        Worked out once per histogram: a recomputation asks for thousands of percentiles."""
        cached = getattr(self, "_cumulative_of", None)
        if cached is not None and cached[0] is self.histogram:
            return cached[1]  # type: ignore[no-any-return]
        ordered = sorted((int(c), n) for c, n in self.histogram.items())
        counts = [c for c, _ in ordered]
        from_here = [0] * (len(ordered) + 1)
        for index in range(len(ordered) - 1, -1, -1):
            from_here[index] = from_here[index + 1] + ordered[index][1]
        self._cumulative_of = (self.histogram, (counts, from_here))
        return counts, from_here

    def percentile(self, count: int) -> float:
        """The share of everyone with fewer 30-day contacts than `count`, in per cent."""
        if self.people <= 0 or count <= 0:
            return 0.0
        return 100.0 * max(self.people - self.at_or_above(count), 0) / self.people


class ContactImport(models.Model):
    """One CSV file from the contact centre, imported in the background if it is large."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    source = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    # The file waits here for the worker, and is cleared once imported (keep no more than
    # needed: the rows themselves are in the contact log).
    content = models.TextField(blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    breaches = models.PositiveIntegerField(default=0)
    # [[line, problem], ...]: line numbers as a spreadsheet shows them (the header is line 1).
    errors = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED)

    @property
    def percent_done(self) -> int:
        if not self.total_rows:
            return 100 if self.is_done else 0
        return min(100, 100 * self.processed_rows // self.total_rows)
