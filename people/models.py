from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper


class Property(models.Model):
    external_reference = models.CharField(max_length=64, unique=True, null=True, blank=True)
    uprn = models.CharField("UPRN", max_length=12, unique=True, null=True, blank=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name_plural = "properties"
        indexes = [
            models.Index(Upper("postcode"), name="property_postcode_upper"),
            models.Index(Upper("address_line_1"), name="property_address_upper"),
            models.Index(Upper("external_reference"), name="property_reference_upper"),
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(part for part in parts if part)


class Household(models.Model):
    external_reference = models.CharField(max_length=64, unique=True, null=True, blank=True)
    name = models.CharField(
        max_length=200, help_text="How the household is known, e.g. 'Smith household'."
    )
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.SET_NULL, related_name="households"
    )

    def __str__(self) -> str:
        return self.name


class Tenancy(models.Model):
    class Kind(models.TextChoices):
        ASSURED = "assured", "Assured"
        STARTER = "starter", "Starter (assured shorthold)"
        FIXED_TERM = "fixed_term", "Fixed-term assured"
        SHARED_OWNERSHIP = "shared_ownership", "Shared ownership lease"
        LICENCE = "licence", "Licence"
        OTHER = "other", "Other"

    external_reference = models.CharField(max_length=64, unique=True, null=True, blank=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tenancies")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="tenancies")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.ASSURED)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "tenancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="tenancy_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} at {self.property}"


class Person(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER = "customer", "Customer (tenant or leaseholder)"
        HOUSEHOLD_MEMBER = "household_member", "Member of a customer's household"
        VISITOR = "visitor", "Visitor"
        ADVOCATE = "advocate", "Advocate or representative"
        PUBLIC = "public", "Member of the public"
        OTHER = "other", "Other person dealing with us"

    external_reference = models.CharField(max_length=64, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.CUSTOMER)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name_plural = "people"
        indexes = [
            models.Index(Upper("last_name"), Upper("first_name"), name="person_name_upper"),
            models.Index(Upper("first_name"), name="person_first_name_upper"),
            models.Index(Upper("external_reference"), name="person_reference_upper"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
