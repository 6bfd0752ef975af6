from django.db import migrations

from evidence.codebook import ensure_reference_data


def forwards(apps, schema_editor):
    ensure_reference_data(
        apps.get_model("evidence", "Theme"),
        apps.get_model("evidence", "Survey"),
        apps.get_model("evidence", "SurveyQuestion"),
    )
    apps.get_model("evidence", "ReferenceCounter").objects.get_or_create(name="evidence")


def backwards(apps, schema_editor):
    apps.get_model("evidence", "SurveyQuestion").objects.all().delete()
    apps.get_model("evidence", "Survey").objects.all().delete()
    theme = apps.get_model("evidence", "Theme")
    theme.objects.filter(parent__isnull=False).delete()
    theme.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
