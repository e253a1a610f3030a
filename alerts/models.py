"""The alert change log: one row each time a warning flag or contact restriction starts being
in force, changes while in force, or stops being in force.

The changes feed and the outbound webhooks read this table; its id is the feed's cursor.
Rows are written in the same transaction as the change they record (see `alerts.changes`),
so a change and its row commit or roll back together. Nothing here holds a reason.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Measure(models.TextChoices):
    WARNING_FLAG = "warning_flag", "Warning flag"
    CONTACT_RESTRICTION = "contact_restriction", "Contact restriction"


class AlertChange(models.Model):
    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        CHANGED = "changed", "Changed"
        ENDED = "ended", "Ended"

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Who and where the arrangement is about. A household flag names its home and no person.
    # SET_NULL: erasing a person under the retention schedule must not be blocked by the log.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    home = models.ForeignKey(
        "people.Property", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure = models.CharField(max_length=24, choices=Measure.choices)
    measure_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["measure", "measure_id", "-id"], name="alert_change_measure")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["started", "changed", "ended"]),
                name="alert_change_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.measure_id} {self.kind}"


class AlertLine(models.Model):
    """The alert look-up's projection: one row per instruction per person or home it shows at.

    Kept by PostgreSQL itself: triggers on every table the answer depends on (flags,
    restrictions, decisions, people, households, properties, the single point of contact's
    user row) recompute the rows of the people and homes a write touches, inside the writer's
    transaction (`alerts/triggers.py`), so no app, import or bulk update can leave it stale.
    Keyed by the person's or home's id, not its reference: a reference changes nothing here.
    Rows for measures not yet started are kept; the look-up filters `starts_on` each time.
    Empty on SQLite, where the look-up reads through the ORM. The columns are the hot path's
    row (`alerts.hotpath._instruction`); never a reason.
    """

    class Subject(models.TextChoices):
        PERSON = "person", "Person"
        HOME = "home", "Home"

    id = models.BigAutoField(primary_key=True)
    subject = models.CharField(max_length=8, choices=Subject.choices)
    subject_id = models.BigIntegerField()
    measure = models.TextField()  # "flag" or "restriction"
    measure_id = models.BigIntegerField()
    text = models.TextField(null=True)
    applies_to = models.TextField()
    risk_level = models.TextField(null=True)
    starts_on = models.DateField()
    review_on = models.DateField(null=True)
    restriction_kind = models.TextField(null=True)
    call_days = models.JSONField(null=True)
    call_from = models.TimeField(null=True)
    call_to = models.TimeField(null=True)
    max_contacts = models.IntegerField(null=True)
    period_days = models.IntegerField(null=True)
    advocate_name = models.TextField(null=True)
    advocate_contact = models.TextField(null=True)
    meeting_place = models.TextField(null=True)
    contact_first_name = models.TextField(null=True)
    contact_last_name = models.TextField(null=True)
    contact_username = models.TextField(null=True)
    deputy_first_name = models.TextField(null=True)
    deputy_last_name = models.TextField(null=True)
    deputy_username = models.TextField(null=True)

    class Meta:
        indexes = [models.Index(fields=["subject", "subject_id"], name="alert_line_subject")]

    def __str__(self) -> str:
        return f"{self.subject} {self.subject_id}: {self.measure} {self.measure_id}"
