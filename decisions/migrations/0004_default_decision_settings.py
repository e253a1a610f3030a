"""The one DecisionSettings row, with the policy's defaults, so no request has to create it."""

from django.db import migrations


def create(apps, schema_editor):
    DecisionSettings = apps.get_model("decisions", "DecisionSettings")
    DecisionSettings.objects.get_or_create(pk=1, defaults={"approver_roles": ["head_of_service"]})


class Migration(migrations.Migration):
    dependencies = [("decisions", "0003_review_due_index")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
