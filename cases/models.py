from django.conf import settings
from django.db import models
from django.db.models import Q


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey("access.Team", on_delete=models.PROTECT, related_name="cases")
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    # Optimistic concurrency (cases.concurrency): every change through an action adds one.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        constraints = [
            # An incident attaches to the open case of the person responsible: one at a time.
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="open"), name="case_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="case_closed_has_closed_at",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status", "-opened_at"]),
            models.Index(fields=["assigned_officer", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CASE-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ChronologyEntry(models.Model):
    """One line of a case's single chronology: incidents, notes, later decisions and letters."""

    class Kind(models.TextChoices):
        INCIDENT = "incident", "Incident"
        NOTE = "note", "Case note"
        ASSIGNMENT = "assignment", "Assignment"
        OPENED = "opened", "Case opened"
        CLOSED = "closed", "Case closed"
        ASSESSMENT = "assessment", "Assessment"
        NEEDS_CHECK = "needs_check", "Contributing-needs check"
        DECISION = "decision", "Decision"
        LETTER = "letter", "Letter"
        NOT_TOLD = "not_told", "Customer not told"
        APPEAL = "appeal", "Appeal"
        MEDIATION = "mediation", "Mediation"
        LEGAL_ACTION = "legal_action", "Legal action"
        POLICE = "police", "Police and partners"
        BREACH = "breach", "Breach of a contact restriction"
        DEMAND_SIGNAL = "demand_signal", "Demand signal"
        STATEMENT = "statement", "Customer's statement"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology")
    at = models.DateTimeField(
        help_text="When it happened (an incident's own time, not when recorded)."
    )
    recorded_at = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="incident") | Q(incident__isnull=False),
                name="chronology_incident_entry_has_incident",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.at:%Y-%m-%d} {self.get_kind_display()}"
