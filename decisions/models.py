"""Assessment, contributing-needs check and proportionate decisions on a case.

Policy: "We will investigate and assess each case on its own merits and take into
consideration the nature, severity and frequency of the behaviour and will use a reasonable
and proportionate response".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Severity(models.IntegerChoices):
    LOW = 1, "1 – Low"
    MODERATE = 2, "2 – Moderate"
    SERIOUS = 3, "3 – Serious"
    SEVERE = 4, "4 – Severe"
    CRITICAL = 5, "5 – Critical"


# Shown beside the scale on screen, so every officer reads the levels the same way.
SEVERITY_EXPLAINED = {
    Severity.LOW: "Rude or demanding, no abuse or threat; little effect on the colleague.",
    Severity.MODERATE: "Shouting, swearing or persistent unreasonable demands that disrupt "
    "the service or distress the colleague.",
    Severity.SERIOUS: "Personal, sexualised, misogynistic or discriminatory abuse; malicious "
    "allegations; demands that stop us serving other customers.",
    Severity.SEVERE: "Threats of violence or harm, harassment or intimidation; the colleague "
    "fears for their safety.",
    Severity.CRITICAL: "Physical violence, a weapon, or a credible threat to life.",
}


class Response(models.TextChoices):
    """The ladder of proportionate responses, least to most serious."""

    NO_FURTHER_ACTION = "no_further_action", "No further action"
    INFORMAL_CONVERSATION = "informal_conversation", "Informal conversation"
    WARNING_LETTER = "warning_letter", "Warning letter"
    ACCEPTABLE_BEHAVIOUR_AGREEMENT = (
        "acceptable_behaviour_agreement",
        ("Acceptable behaviour agreement"),
    )
    CONTACT_RESTRICTION = "contact_restriction", "Contact restriction"
    WARNING_FLAG = "warning_flag", "Warning flag"
    POLICE_REPORT = "police_report", "Report to the police"
    LEGAL_ACTION = "legal_action", "Legal action"


LADDER: list[str] = list(Response.values)
# From a warning letter up, a decision is a sanction: the contributing-needs check comes first.
SANCTIONS = frozenset(LADDER[LADDER.index(Response.WARNING_LETTER) :])
# Measures that change how we work with the customer for a time: they carry a review date
# ("between 3 and 12 months depending on the nature of the behaviour").
MEASURES = frozenset({Response.CONTACT_RESTRICTION, Response.WARNING_FLAG})


class RestrictionKind(models.TextChoices):
    WRITTEN_ONLY = "written_only", "Written contact only (letter or email)"
    SINGLE_POINT_OF_CONTACT = "single_point_of_contact", "A named single point of contact"
    SET_CALL_TIMES = "set_call_times", "Set times for calls"
    CONTACT_LIMIT = "contact_limit", "A limit on contacts in a period"
    MEETINGS_OFFICE_OR_PAIRS = (
        "meetings_office_or_pairs",
        ("Meetings only at an office or with two colleagues present"),
    )
    ADVOCATE_ONLY = "advocate_only", "Contact only through an advocate or representative"
    NO_SOCIAL_MEDIA = "no_social_media", "No contact through social media"


class Need(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Poor mental health"
    LEARNING_DIFFICULTY = "learning_difficulty", "Learning difficulty"
    SUBSTANCE_DEPENDENCY = "substance_dependency", "Drug or alcohol dependency"
    DISABILITY = "disability", "Disability"
    OTHER = "other", "Other"


class CommunicationNeed(models.TextChoices):
    """Needs a contact restriction can clash with (Equality Act 2010: reasonable adjustments)."""

    CANNOT_READ_OR_WRITE = "cannot_read_or_write", "Cannot read or write (or finds it very hard)"
    CANNOT_USE_PHONE = "cannot_use_phone", "Cannot use the phone"
    NEEDS_FACE_TO_FACE = "needs_face_to_face", "Needs to meet face to face"
    NEEDS_SUPPORT_PERSON = "needs_support_person", "Needs a support person or advocate present"
    NO_ADVOCATE_AVAILABLE = "no_advocate_available", "Has no advocate or representative"


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField()
    # Nature: the behaviours the officer found (incidents.Behaviour values).
    behaviours = models.JSONField(default=list)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    # Frequency, computed from the person's history when the assessment was made.
    incidents_30_days = models.PositiveIntegerField()
    incidents_90_days = models.PositiveIntegerField()
    incidents_365_days = models.PositiveIntegerField()
    contacts_30_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Filled once the contact log is in use."
    )
    recommended_response = models.CharField(max_length=40, choices=Response.choices)
    recommendation_reasons = models.JSONField(default=list)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"Assessment of {self.case} on {self.assessed_at:%d %b %Y}"


class NeedsCheck(models.Model):
    """Contributing needs: the policy asks us to find them and offer a referral."""

    class Consent(models.TextChoices):
        AGREED = "agreed", "Agreed to a referral"
        DECLINED = "declined", "Declined a referral"
        NOT_OFFERED = "not_offered", "No referral offered"

    class ConsentHow(models.TextChoices):
        IN_WRITING = "in_writing", "In writing"
        VERBALLY = "verbally", "Verbally (recorded by the officer)"
        THROUGH_ADVOCATE = "through_advocate", "Through an advocate or representative"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="needs_checks")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    needs = models.JSONField(default=list, blank=True, help_text="Need values")
    other_need = models.CharField(max_length=300, blank=True)
    communication_needs = models.JSONField(default=list, blank=True)
    no_needs_found = models.BooleanField(default=False)
    referral_offered = models.BooleanField()
    consent = models.CharField(max_length=16, choices=Consent.choices)
    consent_date = models.DateField(null=True, blank=True)
    consent_how = models.CharField(max_length=20, choices=ConsentHow.choices, blank=True)
    referral_agency = models.CharField(max_length=200, blank=True)
    referral_made_on = models.DateField(null=True, blank=True)
    referral_outcome = models.TextField(blank=True)
    # "The expectation that the customer's unacceptable behaviour must stop does not change."
    expectation_explained = models.BooleanField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent="agreed") | Q(consent_date__isnull=False),
                name="needs_check_agreement_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Needs check for {self.case} on {self.recorded_at:%d %b %Y}"


class Decision(models.Model):
    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        REJECTED = "rejected", "Not approved"
        IN_FORCE = "in_force", "Decided"
        VARIED = "varied", "Varied on appeal"
        OVERTURNED = "overturned", "Overturned on appeal"
        ENDED = "ended", "Ended"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decisions")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    needs_check = models.ForeignKey(
        NeedsCheck, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    response = models.CharField(max_length=40, choices=Response.choices)
    recommended_response = models.CharField(max_length=40, choices=Response.choices, blank=True)
    basis = models.TextField(help_text="The decision and its basis, in the officer's own words.")
    restriction_kind = models.CharField(max_length=40, choices=RestrictionKind.choices, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    adjustment_rationale = models.TextField(
        blank=True, help_text="Why the measure stands despite a recorded need."
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # A decision varied on appeal is replaced by a new one; both stay in the history.
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["status", "review_on"], name="decision_review_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("proposed_by")),
                name="decision_not_self_approved",
            ),
            models.CheckConstraint(
                condition=~Q(response__in=sorted(MEASURES))
                | Q(starts_on__isnull=False, review_on__isnull=False),
                name="decision_measure_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"DEC-{self.pk:06d} {self.get_response_display()}"

    @property
    def reference(self) -> str:
        return f"DEC-{self.pk:06d}"

    @property
    def is_appealable(self) -> bool:
        # Legal action has its own defence and appeal process in court (policy).
        return self.response != Response.LEGAL_ACTION and self.status == self.Status.IN_FORCE


class DecisionSettings(models.Model):
    """How decisions are approved and appealed: data, changed by administrators, not code."""

    approval_from = models.CharField(
        max_length=40,
        choices=Response.choices,
        default=Response.CONTACT_RESTRICTION,
        help_text="Decisions at or above this step on the ladder need approval.",
    )
    approver_roles = models.JSONField(
        default=list, help_text='Role values, e.g. ["head_of_service"]'
    )
    appeal_due_working_days = models.PositiveSmallIntegerField(default=20)
    # Policy: review "after an agreed period (of between 3 and 12 months ...)".
    review_min_days = models.PositiveSmallIntegerField(default=90)
    review_max_days = models.PositiveSmallIntegerField(default=366)
    review_reminder_days = models.PositiveSmallIntegerField(
        default=14, help_text="Remind the owning officer this many days before a review is due."
    )

    class Meta:
        verbose_name_plural = "decision settings"

    def __str__(self) -> str:
        return "Decision settings"

    @classmethod
    def current(cls) -> "DecisionSettings":
        settings_row, _ = cls.objects.get_or_create(
            pk=1, defaults={"approver_roles": ["head_of_service"]}
        )
        return settings_row

    def needs_approval(self, response: str) -> bool:
        return LADDER.index(response) >= LADDER.index(self.approval_from)
