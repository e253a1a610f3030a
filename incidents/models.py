from django.conf import settings
from django.db import models
from django.db.models import Q


class Behaviour(models.TextChoices):
    """The policy's own two lists, in its own words."""

    # Unacceptable behaviour
    THREATS = "threats", "Threats of violence or harm"
    BULLYING = "bullying", "Bullying"
    PHYSICAL_VIOLENCE = "physical_violence", "Physical violence"
    PERSONAL_ABUSE = "personal_abuse", "Personal abuse"
    SHOUTING_ABUSIVE_LANGUAGE = "shouting", "Shouting or abusive language"
    SEXUALISED = "sexualised", "Sexualised behaviour"
    MISOGYNISTIC = "misogynistic", "Misogynistic behaviour"
    DEROGATORY_REMARKS = "derogatory_remarks", "Derogatory or discriminatory remarks"
    MALICIOUS_STATEMENTS = (
        "malicious_statements",
        (
            "Malicious, derogatory or otherwise inflammatory statements, or unsubstantiated "
            "allegations (including on social media)"
        ),
    )
    # Unreasonable demands
    EXCESSIVE_INFORMATION = (
        "excessive_information",
        "Excessive amounts of information requested or provided",
    )
    SERVICE_ABOVE_STANDARDS = (
        "service_above_standards",
        "Unreasonably high level of service expected above our agreed service standards",
    )
    EXCESSIVE_APPROACHES = "excessive_approaches", "Excessive number of approaches made to us"
    UNREASONABLE_TIMESCALE = (
        "unreasonable_timescale",
        "Demanding a response within an unreasonable or unattainable timescale",
    )
    ONE_EMPLOYEE_ONLY = (
        "one_employee_only",
        "Insisting on communicating with one employee and no-one else",
    )
    HIGH_VOLUME_CONTACT = "high_volume_contact", "An excessively high volume of contact"
    CHANGING_SUBSTANCE = (
        "changing_substance",
        "Repeatedly changing the substance of a complaint, or request for service",
    )
    NOT_OUR_RESPONSIBILITY = (
        "not_our_responsibility",
        "Unreasonably complaining about matters that are not our responsibility",
    )


UNACCEPTABLE_BEHAVIOURS = [
    Behaviour.THREATS,
    Behaviour.BULLYING,
    Behaviour.PHYSICAL_VIOLENCE,
    Behaviour.PERSONAL_ABUSE,
    Behaviour.SHOUTING_ABUSIVE_LANGUAGE,
    Behaviour.SEXUALISED,
    Behaviour.MISOGYNISTIC,
    Behaviour.DEROGATORY_REMARKS,
    Behaviour.MALICIOUS_STATEMENTS,
]
UNREASONABLE_DEMANDS = [b for b in Behaviour if b not in UNACCEPTABLE_BEHAVIOURS]


class DiscriminationGround(models.TextChoices):
    """The grounds the policy lists for derogatory or discriminatory remarks ('not limited to')."""

    ETHNICITY = "ethnicity", "Ethnicity"
    COLOUR = "colour", "Colour"
    AGE = "age", "Age"
    RELIGION = "religion", "Religion"
    POLITICAL_BELIEFS = "political_beliefs", "Political beliefs"
    DISABILITY = "disability", "Disability"
    ILLNESS = "illness", "Illness"
    GENDER = "gender", "Gender"
    MARITAL_STATUS = "marital_status", "Marital status"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    SOCIO_ECONOMIC = "socio_economic", "Socio-economic background"
    LEARNING_DIFFICULTY = "learning_difficulty", "Learning difficulty"
    APPEARANCE = "appearance", "Appearance"
    EMPLOYMENT_STATUS = "employment_status", "Employment status"
    OTHER = "other", "Other grounds"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    SOCIAL_MEDIA = "social_media", "Social media"
    HOME_VISIT = "home_visit", "Home visit"
    ONLINE_PORTAL = "online_portal", "Online portal"
    OTHER = "other", "Other"


class Incident(models.Model):
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incidents_reported"
    )
    reported_at = models.DateTimeField()
    occurred_at = models.DateTimeField(help_text="Any hour, any day, weekends included.")
    colleague_at_work = models.BooleanField(
        help_text="The policy applies whether or not the colleague was at work at the time."
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    location = models.CharField(max_length=300, blank=True)
    home = models.ForeignKey(
        "people.Property",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name="property",
    )
    description = models.TextField("What happened")
    exact_words = models.TextField(blank=True)
    discrimination_grounds = models.JSONField(default=list, blank=True)
    discrimination_grounds_other = models.CharField(max_length=200, blank=True)
    injuries = models.BooleanField(default=False)
    injury_details = models.TextField(blank=True)
    police_attended = models.BooleanField(default=False)
    police_reported = models.BooleanField(default=False)
    crime_reference = models.CharField(max_length=64, blank=True)
    # Hand-over markers: these processes have their own policies (ASB; hate incidents).
    possible_antisocial_behaviour = models.BooleanField(default=False)
    possible_hate_incident = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["reported_by", "-reported_at"]),
            models.Index(fields=["case", "-occurred_at"]),
            models.Index(fields=["-occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(injuries=True) | Q(injury_details=""),
                name="incident_injury_details_only_with_injuries",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"INC-{self.pk:07d}"

    @property
    def discrimination_ground_labels(self) -> list[str]:
        return [DiscriminationGround(g).label for g in self.discrimination_grounds]


class IncidentBehaviour(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="behaviours")
    behaviour = models.CharField(max_length=32, choices=Behaviour.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "behaviour"], name="incident_behaviour_once"
            )
        ]
        indexes = [models.Index(fields=["behaviour", "incident"])]

    def __str__(self) -> str:
        return self.get_behaviour_display()


class IncidentPerson(models.Model):
    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", "Person responsible"
        INVOLVED = "involved", "Also involved"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident_links",
    )
    unknown_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="For someone not identified: what they looked like, said they were.",
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.RESPONSIBLE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(unknown_description=""),
                name="incident_person_known_or_described",
            ),
        ]
        indexes = [models.Index(fields=["person", "incident"])]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else f"Unknown: {self.unknown_description}"


class AffectedColleague(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="affected_colleagues"
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incidents_affecting"
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The colleague's line manager when the incident was reported.",
    )
    line_manager_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "colleague"], name="affected_colleague_once"
            )
        ]
        indexes = [models.Index(fields=["line_manager", "incident"])]

    def __str__(self) -> str:
        return str(self.colleague)


class Witness(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="witnesses")
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    contact_details = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "witnesses"

    def __str__(self) -> str:
        return self.name


class Evidence(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    stored_name = models.CharField(max_length=100, unique=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name
