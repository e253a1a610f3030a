"""Contractors' jobs, from the housing management system: who is going to which home, when.

A contractor sees a home, and the handling instructions in force there, only while their
firm has an active job at it (need to know).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Job(models.Model):
    external_reference = models.CharField(max_length=64, unique=True)
    home = models.ForeignKey(
        "people.Property", on_delete=models.PROTECT, related_name="jobs", verbose_name="property"
    )
    contractor = models.ForeignKey(
        "access.ContractorOrganisation", on_delete=models.PROTECT, related_name="jobs"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty while the job is open.")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="job_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["contractor", "home", "starts_on"])]

    def __str__(self) -> str:
        return self.external_reference

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


def active_job_conditions(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )
