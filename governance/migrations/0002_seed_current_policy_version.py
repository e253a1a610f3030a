"""Seed the version of the policy in force, as its own text describes it.

The policy's text names its owners (the Director of Customer Operations is accountable; the
Head of Customer and Community Support monitors it annually) and its cycle (approval every
three years) but carries no version number and no approval date. So the version is seeded
without a date, and the governance page asks for the approved version to be recorded: until
it is, its three-yearly approval counts as due.
"""

from django.db import migrations
from django.utils import timezone

SEEDED_VERSION = "Unnumbered (in force at go-live)"


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyVersion = apps.get_model("governance", "PolicyVersion")
    if PolicyVersion.objects.exists():
        return
    PolicyVersion.objects.create(
        version=SEEDED_VERSION,
        approved_on=None,
        approved_by="Not stated in the policy text",
        summary_of_changes=(
            "The unacceptable customer behaviour policy as adopted. Its text states no version "
            "number or approval date: record the approved version and the date it was approved."
        ),
        recorded_at=timezone.now(),
    )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyVersion = apps.get_model("governance", "PolicyVersion")
    PolicyVersion.objects.filter(version=SEEDED_VERSION, approved_on__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_equality_board_packs_policy_versions")]

    operations = [migrations.RunPython(seed, unseed)]
