"""Data protection: subject access exports, corrections, customers' statements, retention.

UK GDPR: Art 15 (right of access), Art 16 (rectification), Art 5(1)(e) (storage limitation).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SubjectAccessRequest(models.Model):
    """One subject access export for one person, built in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be built"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be built"
        ERASED = "erased", "Erased under the retention schedule"

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    received_on = models.DateField(help_text="When the customer asked: the one-month clock.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent built.")
    built_at = models.DateTimeField(null=True, blank=True)
    # The bundle as built: readable report, machine-readable data, and both with the letters.
    report_pdf = models.BinaryField(null=True, blank=True, editable=False)
    data_json = models.BinaryField(null=True, blank=True, editable=False)
    bundle_zip = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="subject_access_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SAR-{self.pk:06d}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED, self.Status.ERASED)


class HeldBackItem(models.Model):
    """Material that a person must review before it goes to the customer: police reports,
    s.115 disclosures (Crime and Disorder Act 1998) and decisions not to tell the customer.
    Never released automatically (DPA 2018 Sch 2 para 2: the crime and taxation exemption)."""

    class Kind(models.TextChoices):
        POLICE_REPORT = "police_report", "Report to the police"
        DISCLOSURE = "disclosure", "Information shared under s.115 or another gateway"
        NOT_TOLD = "not_told", "A decision the customer was not told about"
        EVIDENCE = "evidence", "An evidence file (may show other people)"

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="held_back"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    label = models.CharField(max_length=200, help_text="A reference, never the content.")
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "object_type", "object_id"], name="held_back_once_per_request"
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True, released_by__isnull=True, release_reason="")
                | (Q(released_at__isnull=False, released_by__isnull=False) & ~Q(release_reason="")),
                name="held_back_released_with_who_and_why",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class Correction(models.Model):
    """A corrected fact (UK GDPR Art 16), with the value it replaced.

    The audit row for a correction names the fields only: audit rows are append-only and
    outlive the retention schedule, so the values themselves are kept here, where the
    schedule can erase them.
    """

    # Exactly one: a person's details, or an incident's factual fields.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=64)
    field_label = models.CharField(max_length=100)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["-corrected_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-corrected_at"]),
            models.Index(fields=["incident", "-corrected_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
            models.CheckConstraint(
                condition=Q(person__isnull=False, incident__isnull=True)
                | Q(person__isnull=True, incident__isnull=False),
                name="correction_of_person_or_incident",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field_label} corrected on {self.corrected_at:%d %b %Y}"


class CustomerStatement(models.Model):
    """The customer's own account of an opinion they dispute (ICO: a disputed opinion is kept
    with the customer's view beside it). Exactly one opinion: an assessment, a decision's
    basis, or an incident's narrative."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="customer_statements"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        "decisions.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customer_statements",
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customer_statements",
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customer_statements",
    )
    text = models.TextField("The customer's statement")
    received_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(assessment__isnull=False, decision__isnull=True, incident__isnull=True)
                    | Q(assessment__isnull=True, decision__isnull=False, incident__isnull=True)
                    | Q(assessment__isnull=True, decision__isnull=True, incident__isnull=False)
                ),
                name="statement_on_exactly_one_opinion",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="statement_has_text"),
        ]

    def __str__(self) -> str:
        return f"Customer's statement of {self.received_on:%d %b %Y}"

    @property
    def opinion_label(self) -> str:
        if self.assessment_id:
            return f"Assessment of {self.assessment.assessed_at:%d %B %Y}"  # type: ignore[union-attr]
        if self.decision_id:
            return f"Basis of {self.decision.reference}"  # type: ignore[union-attr]
        return f"Account of {self.incident.reference}"  # type: ignore[union-attr]


class RetentionSettings(models.Model):
    """How long records are kept after they stop being needed: data, changed by the Head of
    Customer and Community Support, not code (UK GDPR Art 5(1)(e))."""

    case_closed_years = models.PositiveSmallIntegerField(default=6)
    lifted_measure_years = models.PositiveSmallIntegerField(default=6)
    contact_event_years = models.PositiveSmallIntegerField(default=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "retention settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(case_closed_years__gte=1)
                & Q(lifted_measure_years__gte=1)
                & Q(contact_event_years__gte=1),
                name="retention_at_least_one_year",
            ),
        ]

    def __str__(self) -> str:
        return "Retention schedule"

    @classmethod
    def current(cls) -> "RetentionSettings":
        # The defaults until the Head of Service first saves the schedule (no write on read).
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class RetentionMark(models.Model):
    """A record the retention schedule has already anonymised: what makes the sweep
    idempotent, and cheap to run daily (only unmarked candidates are looked at)."""

    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    applied_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id"], name="retention_mark_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} anonymised {self.applied_on:%d %b %Y}"
