from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Role(models.TextChoices):
    FRONTLINE = "frontline", "Frontline colleague"
    LINE_MANAGER = "line_manager", "Line manager"
    CASE_OFFICER = "case_officer", "Case officer"
    HEAD_OF_SERVICE = "head_of_service", "Head of Customer and Community Support"
    DIRECTOR = "director", "Director of Customer Operations"
    APPEAL_REVIEWER = "appeal_reviewer", "Appeal reviewer"
    CONTRACTOR = "contractor", "Contractor"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


class ContractorOrganisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    external_reference = models.CharField(max_length=64, unique=True, null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=200, unique=True)
    handles_cases = models.BooleanField(
        default=False, help_text="Case officers in this team investigate cases."
    )
    # Postcode outward codes or areas this casework team covers, comma separated ("BA1, BA2, TA").
    patch_postcodes = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.name

    def covers_postcode(self, postcode: str) -> bool:
        outward = postcode.upper().split(" ")[0] if postcode else ""
        prefixes = [p.strip().upper() for p in self.patch_postcodes.split(",") if p.strip()]
        return any(outward.startswith(prefix) for prefix in prefixes)


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.FRONTLINE)
    job_title = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    contractor_organisation = models.ForeignKey(
        ContractorOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        constraints = [
            # A contractor always belongs to its firm, and only contractors do.
            models.CheckConstraint(
                condition=(Q(role=Role.CONTRACTOR) & Q(contractor_organisation__isnull=False))
                | (~Q(role=Role.CONTRACTOR) & Q(contractor_organisation__isnull=True)),
                name="user_contractor_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AccessGrant(models.Model):
    """A time-limited grant letting a colleague work a team's cases, e.g. to cover absence."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="grants")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=500)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="grants_given")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="grant_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.team} until {self.ends_at:%d %b %Y}"


class SignInAttempt(models.Model):
    """One failed sign-in, kept for an hour's throttling (access/throttle.py) and no longer."""

    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    attempted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["username", "attempted_at"], name="sign_in_attempt_username_idx"),
            models.Index(fields=["ip_address", "attempted_at"], name="sign_in_attempt_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address} at {self.attempted_at:%H:%M}"
