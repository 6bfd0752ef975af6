from django.db import migrations

REASONS = [
    ("Third-party personal data", "Names or details of people other than the submitter.", False, 10),
    ("Defamatory", "Allegations about identifiable people or bodies that cannot be published.", False, 20),
    ("Off-topic", "Outside the working party's terms of reference.", False, 30),
    ("Other", "Anything else: say why in the note.", True, 90),
]


def forwards(apps, schema_editor):
    RedactionReason = apps.get_model("publication", "RedactionReason")
    for name, description, needs_note, order in REASONS:
        RedactionReason.objects.get_or_create(
            name=name, defaults={"description": description, "needs_note": needs_note, "order": order}
        )


def backwards(apps, schema_editor):
    apps.get_model("publication", "RedactionReason").objects.filter(
        name__in=[name for name, *_ in REASONS], redactions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("publication", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
