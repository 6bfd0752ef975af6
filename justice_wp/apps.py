from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, using, **kwargs):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from justice_wp.roles import ROLE_PERMISSIONS, sync_roles

    # post_migrate is sent once per app *with models* (justice_wp has none, so a sender=self receiver
    # never ran): act on the last such app, when every table exists.
    if sender is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return
    # The data migration creates the groups; when it is unapplied (migrate justice_wp zero) leave them gone.
    if not Group.objects.db_manager(using).filter(name__in=ROLE_PERMISSIONS).exists():
        return
    # post_migrate reaches apps one at a time; make sure every app's permissions exist first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles(Group.objects.db_manager(using), Permission.objects.db_manager(using))


class JusticeWpConfig(AppConfig):
    name = "justice_wp"
    verbose_name = "Working party"

    def ready(self):
        # The data migration creates the groups; this keeps them in step with models added later
        # (and restores them after a test database flush).
        post_migrate.connect(_sync_roles, dispatch_uid="justice_wp.sync_roles")
