from django.contrib.auth.management import create_permissions
from django.db import migrations

from justice_wp.roles import sync_roles


def forwards(apps, schema_editor):
    # The Chair's approve_recommendation permission and the transition model's permissions are new;
    # justice_wp's post_migrate hook never fires (that app has no models module), so grant them here.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group").objects, apps.get_model("auth", "Permission").objects)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_transitions_and_approval_permission"),
        ("justice_wp", "0001_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
