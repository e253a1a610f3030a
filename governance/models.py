"""Governance: equality monitoring details, board packs, and the policy's own versions.

Brief point 14: the Head of Customer and Community Support reports incidents and actions to
governance; the Director answers for the policy, its annual monitoring and its approval every
three years.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

# --- equality monitoring --------------------------------------------------------------------


class Sex(models.TextChoices):
    # ONS 2021 Census sex question, with a way not to answer.
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefers not to say"


class EthnicGroup(models.TextChoices):
    """The five high-level groups of the ONS 2021 Census (England and Wales)."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefers not to say"


class Ethnicity(models.TextChoices):
    """ONS 2021 Census ethnic group categories (England and Wales), each in its group."""

    INDIAN = "asian_indian", "Asian: Indian"
    PAKISTANI = "asian_pakistani", "Asian: Pakistani"
    BANGLADESHI = "asian_bangladeshi", "Asian: Bangladeshi"
    CHINESE = "asian_chinese", "Asian: Chinese"
    OTHER_ASIAN = "asian_other", "Asian: any other Asian background"
    CARIBBEAN = "black_caribbean", "Black: Caribbean"
    AFRICAN = "black_african", "Black: African"
    OTHER_BLACK = "black_other", "Black: any other Black, Black British or Caribbean background"
    WHITE_AND_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "Mixed: White and Black Caribbean"
    WHITE_AND_BLACK_AFRICAN = "mixed_white_black_african", "Mixed: White and Black African"
    WHITE_AND_ASIAN = "mixed_white_asian", "Mixed: White and Asian"
    OTHER_MIXED = "mixed_other", "Mixed: any other Mixed or Multiple background"
    WHITE_BRITISH = (
        "white_british",
        "White: English, Welsh, Scottish, Northern Irish or British",
    )
    WHITE_IRISH = "white_irish", "White: Irish"
    GYPSY_OR_IRISH_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    ROMA = "white_roma", "White: Roma"
    OTHER_WHITE = "white_other", "White: any other White background"
    ARAB = "other_arab", "Other ethnic group: Arab"
    ANY_OTHER = "other_any", "Other ethnic group: any other ethnic group"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefers not to say"

    @property
    def group(self) -> str:
        if self == Ethnicity.PREFER_NOT_TO_SAY:
            return EthnicGroup.PREFER_NOT_TO_SAY
        return self.value.split("_", 1)[0]


class Disability(models.TextChoices):
    # Equality Act 2010 s.6; the answer is the person's own.
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefers not to say"


class EqualityProfile(models.Model):
    """Equality monitoring details a person gave us (UK GDPR Art 9: special category data).

    Used only in aggregate, to see whether measures fall harder on some groups (Housing
    Ombudsman: landlords at fault for restricting disabled residents without regard to their
    needs). Empty means not asked or not answered, which is different from "prefers not to say".
    """

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="equality_profile"
    )
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=32, choices=Ethnicity.choices, blank=True)
    # Kept beside the category so monitoring groups in the database, not row by row.
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices, blank=True)
    disability = models.CharField(max_length=20, choices=Disability.choices, blank=True)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(ethnicity="") & Q(ethnic_group="")) | ~Q(ethnicity=""),
                name="equality_group_only_with_ethnicity",
            ),
        ]

    def __str__(self) -> str:
        return f"Equality monitoring details for person {self.person_id}"


# --- board packs ---------------------------------------------------------------------------


class BoardPack(models.Model):
    """A quarter's or a year's report to the board: one PDF and a zip of CSV files, built by
    the background worker and kept as built (like an issued letter)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be built"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be built"

    label = models.CharField(max_length=100, help_text="For example 'Quarter 1 2026 to 2027'.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    csv_zip = models.BinaryField(null=True, blank=True, editable=False)
    csv_zip_sha256 = models.CharField(max_length=64, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="board_pack_period_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (Q(pdf__isnull=False, csv_zip__isnull=False, built_at__isnull=False)),
                name="board_pack_ready_has_files",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="board_pack_progress_a_percentage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.label}"

    @property
    def reference(self) -> str:
        return f"PACK-{self.pk:05d}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    def stored(self, kind: str) -> bytes:
        """The built file as bytes (PostgreSQL hands binary columns back as views)."""
        content = self.pdf if kind == "pdf" else self.csv_zip
        if content is None:
            raise ValueError(f"{self.reference} has no {kind} yet.")
        return bytes(content)


# --- the policy's own governance -------------------------------------------------------------


class PolicyVersion(models.Model):
    """One approved version of the unacceptable customer behaviour policy.

    Policy: "The policy will be considered and approved every 3 years in accordance with the
    policy review timetable." The latest by approval date is the one in force.
    """

    version = models.CharField(max_length=40, unique=True)
    approved_on = models.DateField(
        null=True, blank=True, help_text="Empty when the approval date is not known."
    )
    approved_by = models.CharField(
        max_length=200, help_text="The board or committee that approved it."
    )
    summary_of_changes = models.TextField()
    document = models.BinaryField(null=True, blank=True, editable=False)
    document_name = models.CharField(max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = [models.F("approved_on").desc(nulls_last=True), "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=True, document_name="") | ~Q(document_name=""),
                name="policy_document_has_name",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.version}"

    def stored_document(self) -> bytes:
        if self.document is None:
            raise ValueError(f"Version {self.version} has no document.")
        return bytes(self.document)


class PolicyMonitoring(models.Model):
    """The annual monitoring and review of the policy by the Head of Customer and Community
    Support, part of the annual review of health and safety activity (policy)."""

    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="monitoring"
    )
    carried_out_on = models.DateField()
    health_and_safety_review = models.CharField(
        max_length=200, help_text="The annual health and safety review it formed part of."
    )
    findings = models.TextField()
    changes_needed = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-carried_out_on", "-id"]

    def __str__(self) -> str:
        return f"Annual monitoring on {self.carried_out_on:%d %b %Y}"


class PolicyReminder(models.Model):
    """One reminder, sent once: the unique row makes the daily sweep safe to run again."""

    class Kind(models.TextChoices):
        MONITORING = "monitoring", "Annual monitoring"
        APPROVAL = "approval", "Three-yearly approval"

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    stage = models.CharField(max_length=16, choices=Stage.choices)
    due_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "stage", "due_on", "recipient"], name="policy_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_stage_display().lower()} {self.due_on}"


# --- figures kept ready for the dashboard ------------------------------------------------------
# A year holds hundreds of thousands of incidents; counting them afresh on every page view
# cannot answer within a second. These tables hold the counts by day for every incident up to
# a watermark (rebuilt in full each night, and on demand); incidents reported after it are
# counted live. Counts only: no person is named and nothing here identifies anyone.


class FiguresState(models.Model):
    """One row: up to which incident the tables below count, and when they were rebuilt."""

    watermark = models.PositiveBigIntegerField(default=0, help_text="Highest incident id counted.")
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    rebuild_seconds = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Figures up to incident {self.watermark}"


class IncidentDay(models.Model):
    """Incidents that happened on a day (local time), by channel and assessed severity."""

    day = models.DateField()
    channel = models.CharField(max_length=20)
    severity = models.PositiveSmallIntegerField(help_text="0 when not yet assessed.")
    incidents = models.PositiveIntegerField()
    on_case = models.PositiveIntegerField(help_text="Of which someone identified: on a case.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "severity"], name="governance_incident_day_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.severity}: {self.incidents}"


class BehaviourDay(models.Model):
    day = models.DateField()
    behaviour = models.CharField(max_length=32)
    incidents = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "behaviour"], name="governance_behaviour_day_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.behaviour}: {self.incidents}"


class AffectedColleagueDay(models.Model):
    """How often a colleague was affected by incidents on a day (for counts of different
    colleagues over any period); seen only in totals."""

    day = models.DateField()
    colleague_id = models.PositiveBigIntegerField()
    times = models.PositiveIntegerField()
    manager_told = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "colleague_id"], name="governance_affected_colleague_day_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} colleague {self.colleague_id}: {self.times}"


class ActionDelay(models.Model):
    """For each incident acted on: the day it happened and the time from its report to the
    first action on its case (see figures.FIRST_ACTION_EXPLAINED)."""

    incident_id = models.PositiveBigIntegerField(primary_key=True)
    day = models.DateField(db_index=True)
    delay = models.DurationField()

    def __str__(self) -> str:
        return f"Incident {self.incident_id}: {self.delay}"
