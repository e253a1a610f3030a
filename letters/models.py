"""Letters to the customer, and decisions not to tell them.

Policy: "we will set out clearly the behaviour we found to be unacceptable, how we expect the
customer to behave in future and the actions we will take if not", "We will keep customers
informed of our decisions and the basis for those throughout", and, except for legal action,
"set out how to make an appeal in our communications with them".
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class LetterKind(models.TextChoices):
    INFORMAL_WARNING = "informal_warning", "Informal warning"
    FORMAL_WARNING = "formal_warning", "Formal warning"
    ACCEPTABLE_BEHAVIOUR_AGREEMENT = (
        "acceptable_behaviour_agreement",
        "Acceptable behaviour agreement",
    )
    RESTRICTION_NOTICE = "restriction_notice", "Contact restriction notice"
    FLAG_NOTICE = "flag_notice", "Warning flag notice"
    DECISION_AFTER_INVESTIGATION = (
        "decision_after_investigation",
        "Decision after investigation",
    )
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome"
    REVIEW_OUTCOME = "review_outcome", "Review outcome"
    LIFTING_NOTICE = "lifting_notice", "Notice that a measure is lifted"
    LEGAL_ACTION_NOTICE = "legal_action_notice", "Legal action notice"


# Letters that set out a measure for a time: they state its duration and review date
# (policy: review "after an agreed period (of between 3 and 12 months ...)").
MEASURE_KINDS = frozenset(
    {
        LetterKind.RESTRICTION_NOTICE,
        LetterKind.FLAG_NOTICE,
        LetterKind.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
    }
)
# Policy: legal action has "its own defence and appeals processes": no internal appeal route.
APPEALABLE_KINDS = frozenset(LetterKind) - {LetterKind.LEGAL_ACTION_NOTICE}


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    class Channel(models.TextChoices):
        POST = "post", "Post"
        EMAIL = "email", "Email"
        HAND_DELIVERED = "hand_delivered", "Hand delivered"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letters")
    decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    kind = models.CharField(max_length=40, choices=LetterKind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The parts the officer writes; the standard sections come from the templates.
    behaviour_found = models.TextField("The behaviour we found unacceptable", blank=True)
    expected_behaviour = models.TextField("How we expect the customer to behave", blank=True)
    consequences = models.TextField("What will happen if it continues", blank=True)
    measure_duration = models.CharField("How long the measure lasts", max_length=300, blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    body = models.TextField("Anything else the letter says", blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # Who it went to and where, as they were on the day it was issued.
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_address = models.TextField(blank=True, help_text="One address line a line.")
    # Rendered once at issue and never again: the customer's copy and ours stay identical.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    large_print_pdf = models.BinaryField(null=True, blank=True, editable=False)
    # Optimistic concurrency: every change through an action adds one, so a save made from a
    # page loaded before someone else's change is refused instead of overwriting it.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status="draft",
                    channel="",
                    issued_at__isnull=True,
                    issued_by__isnull=True,
                    pdf__isnull=True,
                    large_print_pdf__isnull=True,
                    pdf_sha256="",
                )
                | Q(
                    status="issued",
                    issued_at__isnull=False,
                    issued_by__isnull=False,
                    pdf__isnull=False,
                    large_print_pdf__isnull=False,
                )
                & ~Q(pdf_sha256="")
                & ~Q(channel=""),
                name="letter_issued_has_pdf_and_issue_details",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # What was sent is evidence (appeal, Ombudsman, subject access): an issued letter is
        # never rewritten, whoever asks. Issuing itself is the last save of a draft.
        if self._stored_as_issued():
            raise RuntimeError(f"{self.reference} has been issued and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_issued or self._stored_as_issued():
            raise RuntimeError(f"{self.reference} has been issued and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def _stored_as_issued(self) -> bool:
        """Whether the row as stored (not as held in memory) is an issued letter."""
        if self.pk is None or self._state.adding:
            return False
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True)
        return stored.first() == self.Status.ISSUED

    @property
    def reference(self) -> str:
        return f"LET-{self.pk:06d}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_measure(self) -> bool:
        return self.kind in MEASURE_KINDS

    @property
    def is_appealable(self) -> bool:
        return self.kind in APPEALABLE_KINDS

    def stored_pdf(self, *, large_print: bool = False) -> bytes:
        """The PDF made at issue, as bytes (PostgreSQL hands binary columns back as views)."""
        stored = self.large_print_pdf if large_print else self.pdf
        if stored is None:
            raise ValueError(f"{self.reference} has not been issued, so has no stored PDF.")
        return bytes(stored)


class NonDisclosureDecision(models.Model):
    """A decision not to tell the customer about a decision, because it would put a colleague
    at risk (ICO: tell the person unless that would put a colleague at risk). Kept under
    review, never open-ended."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="non_disclosure_decisions"
    )
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="non_disclosure_decisions"
    )
    reason = models.TextField()
    review_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="non_disclosure_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Customer not told about {self.decision} (review {self.review_on:%d %b %Y})"
