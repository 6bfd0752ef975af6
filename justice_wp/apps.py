from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, using, **kwargs):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from justice_wp.roles import sync_roles

    # post_migrate reaches apps one at a time; make sure every app's permissions exist first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles(Group.objects.db_manager(using), Permission.objects.db_manager(using))


class JusticeWpConfig(AppConfig):
    name = "justice_wp"
    verbose_name = "Working party"

    def ready(self):
        from justice_wp import security  # noqa: F401  (connects the session signal receivers)

        # The data migration creates the groups; this keeps them in step with models added later
        # (and restores them after a test database flush).
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="justice_wp.sync_roles")
