from django.db import migrations, models


class Migration(migrations.Migration):
    """Separate from 0008: PostgreSQL cannot add a constraint in the transaction that filled the
    foreign key it checks (pending deferred trigger events)."""

    dependencies = [("evidence", "0011_exclusion_reasons")]

    operations = [
        migrations.AddConstraint(
            model_name="evidenceitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "excluded"), _negated=True),
                    ("exclusion_reason__isnull", False),
                    _connector="OR",
                ),
                name="evidence_exclusion_has_listed_reason",
                violation_error_message="Choose a reason for excluding this item.",
            ),
        ),
    ]
