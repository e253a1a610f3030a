"""The policy's other responses: mediation, legal action, police reports, information sharing.

Policy: "we may seek to use an independent mediation service"; "we may seek emergency legal
action ... a 'without notice' Civil Injunction and / or possession proceedings"; "we will
report incidents and share information with the relevant Police force and / or partner
agencies (under Section 115 of the Crime and Disorder Act 1998)".
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class MediationReferral(models.Model):
    class Outcome(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"
        PARTLY_RESOLVED = "partly_resolved", "Partly resolved"
        NOT_RESOLVED = "not_resolved", "Not resolved"
        DECLINED = "declined", "Customer declined mediation"

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="mediation_referrals"
    )
    service_name = models.CharField(
        max_length=200, help_text="The independent mediation service the case was referred to."
    )
    referred_on = models.DateField()
    # Mediation is voluntary: it only goes ahead if the customer agrees.
    customer_agreed = models.BooleanField(default=False)
    first_session_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.IN_PROGRESS)
    outcome_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Optimistic concurrency (cases.concurrency): every change through an action adds one, so
    # a save made from a page loaded before someone else's change is refused, not overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["case", "-referred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_session_on__isnull=True)
                | Q(first_session_on__gte=F("referred_on")),
                name="mediation_first_session_not_before_referral",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("referred_on")),
                name="mediation_ended_not_before_referral",
            ),
            # Finished (or declined) mediation has an end date; mediation under way has none.
            models.CheckConstraint(
                condition=Q(outcome="in_progress", ended_on__isnull=True)
                | (~Q(outcome="in_progress") & Q(ended_on__isnull=False)),
                name="mediation_outcome_matches_end_date",
            ),
            models.CheckConstraint(
                condition=Q(first_session_on__isnull=True) | Q(customer_agreed=True),
                name="mediation_session_only_with_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"Mediation with {self.service_name} from {self.referred_on:%d %b %Y}"

    @property
    def is_finished(self) -> bool:
        return self.outcome != self.Outcome.IN_PROGRESS


class LegalAction(models.Model):
    # Policy: legal action has "its own defence and appeals processes": no appeal under the policy.
    NOT_APPEALABLE = (
        "Legal action has its own defence and appeal process in court; it cannot be appealed "
        "under this policy."
    )

    class Kind(models.TextChoices):
        # Anti-social Behaviour, Crime and Policing Act 2014 Part 1.
        WITHOUT_NOTICE_INJUNCTION = "without_notice_injunction", "Without-notice civil injunction"
        CIVIL_INJUNCTION = "civil_injunction", "Civil injunction"
        POSSESSION_GROUND_14 = (
            "possession_ground_14",
            ("Possession proceedings: Housing Act 1988 Schedule 2 Ground 14"),
        )
        # Ground 14(aa): nuisance or annoyance to a person employed in housing management.
        POSSESSION_GROUND_14AA = (
            "possession_ground_14aa",
            ("Possession proceedings: Housing Act 1988 Schedule 2 Ground 14(aa)"),
        )

    class Status(models.TextChoices):
        CONSIDERING = "considering", "Being considered"
        INSTRUCTED_SOLICITORS = "instructed_solicitors", "Solicitors instructed"
        APPLIED = "applied", "Application made to court"
        HEARING_LISTED = "hearing_listed", "Hearing listed"
        ORDER_MADE = "order_made", "Order made"
        REFUSED = "refused", "Refused by the court"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CONCLUDED = "concluded", "Concluded"

    # Statuses that only follow an application to the court.
    AFTER_APPLICATION = frozenset(
        {Status.APPLIED, Status.HEARING_LISTED, Status.ORDER_MADE, Status.REFUSED}
    )
    FINISHED = frozenset({Status.ORDER_MADE, Status.REFUSED, Status.WITHDRAWN, Status.CONCLUDED})

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_actions")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.CONSIDERING)
    court_name = models.CharField(max_length=200, blank=True)
    application_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_actions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Optimistic concurrency (cases.concurrency): every change through an action adds one, so
    # a save made from a page loaded before someone else's change is refused, not overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["case", "-recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["applied", "hearing_listed", "order_made", "refused"])
                | Q(application_on__isnull=False),
                name="legal_action_application_date_once_applied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class LegalHearing(models.Model):
    legal_action = models.ForeignKey(LegalAction, on_delete=models.PROTECT, related_name="hearings")
    on = models.DateField()
    court = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300)
    result = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["legal_action", "on"])]

    def __str__(self) -> str:
        return f"{self.purpose} at {self.court} on {self.on:%d %b %Y}"


class PoliceReport(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="police_reports")
    incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="police_reports",
    )
    force = models.CharField(max_length=200)
    reported_on = models.DateField()
    crime_reference = models.CharField(max_length=64, blank=True)
    officer_in_charge = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["case", "-reported_on"])]

    def __str__(self) -> str:
        return f"Reported to {self.force} on {self.reported_on:%d %b %Y}"


class LawfulBasis(models.TextChoices):
    SECTION_115 = "s115", "Crime and Disorder Act 1998 s.115"
    OTHER = "other", "Another legal gateway"


class DataProtectionCondition(models.TextChoices):
    PUBLIC_TASK = "public_task", "UK GDPR Art 6(1)(e) public task"
    PREVENTING_UNLAWFUL_ACTS = (
        "preventing_unlawful_acts",
        ("DPA 2018 Sch 1 para 10 preventing or detecting unlawful acts"),
    )
    CRIME_EXEMPTION = "crime_exemption", "DPA 2018 s.8/Sch 2 para 2 crime and taxation exemption"
    OTHER = "other", "Another condition"


class Disclosure(models.Model):
    """One entry in the information-sharing log: proposed, approved by a senior colleague, shared.

    Policy: "We will only share information with people who need it."
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="disclosures")
    shared_with_organisation = models.CharField(max_length=200)
    shared_with_person = models.CharField(max_length=200, blank=True)
    what_was_shared = models.TextField()
    purpose = models.TextField()
    lawful_basis = models.CharField(max_length=16, choices=LawfulBasis.choices)
    other_legal_gateway = models.CharField(max_length=300, blank=True)
    data_protection_condition = models.CharField(
        max_length=32, choices=DataProtectionCondition.choices
    )
    other_condition = models.CharField(max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    shared_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=200, blank=True)
    shared_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-proposed_at"]),
            models.Index(fields=["-proposed_at"]),
        ]
        constraints = [
            # Four eyes: nobody approves their own proposal to share.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="disclosure_not_approved_by_proposer",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="disclosure_approval_has_approver_and_time",
            ),
            models.CheckConstraint(
                condition=Q(shared_on__isnull=True) | Q(approved_at__isnull=False),
                name="disclosure_shared_only_once_approved",
            ),
            models.CheckConstraint(
                condition=~Q(lawful_basis="other") | ~Q(other_legal_gateway=""),
                name="disclosure_other_gateway_named",
            ),
            models.CheckConstraint(
                condition=~Q(data_protection_condition="other") | ~Q(other_condition=""),
                name="disclosure_other_condition_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure to {self.shared_with_organisation} ({self.state_label})"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_shared(self) -> bool:
        return self.shared_on is not None

    @property
    def state_label(self) -> str:
        if self.is_shared:
            return "Shared"
        if self.is_approved:
            return "Approved, not yet shared"
        return "Awaiting approval"

    @property
    def lawful_basis_text(self) -> str:
        if self.lawful_basis == LawfulBasis.OTHER:
            return self.other_legal_gateway
        return self.get_lawful_basis_display()

    @property
    def condition_text(self) -> str:
        if self.data_protection_condition == DataProtectionCondition.OTHER:
            return self.other_condition
        return self.get_data_protection_condition_display()
