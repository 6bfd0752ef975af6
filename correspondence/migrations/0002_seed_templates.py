"""The four email templates (correspondence/letters.py), created if missing: editing them later is the
secretariat's, so an existing template of the same name is left as it is (idempotent)."""

from django.db import migrations

NAMES = ["acknowledgement", "consent_confirmation", "chaser", "thank_you"]


def seed(apps, schema_editor):
    from correspondence.letters import TEMPLATES

    EmailTemplate = apps.get_model("post_office", "EmailTemplate")
    for name in NAMES:
        EmailTemplate.objects.get_or_create(
            name=name, language="", default_template=None, defaults=TEMPLATES[name]
        )


def unseed(apps, schema_editor):
    """Backwards: remove the seeded templates no email was sent with."""
    EmailTemplate = apps.get_model("post_office", "EmailTemplate")
    EmailTemplate.objects.filter(name__in=NAMES, language="", email__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("correspondence", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
