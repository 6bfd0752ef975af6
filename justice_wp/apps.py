import axes.apps
from django.apps import AppConfig, apps
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate

from justice_wp.roles import sync_roles


def _sync_roles(sender, using, **kwargs):
    # Auth's models cannot be imported before the app registry is ready.
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    if ("justice_wp", "0001_roles") not in MigrationRecorder(connections[using]).applied_migrations():
        return  # migrated back past the roles migration: the groups stay removed

    # post_migrate reaches apps one at a time; make sure every app's permissions exist first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles(Group.objects.db_manager(using), Permission.objects.db_manager(using))


class JusticeWpConfig(AppConfig):
    name = "justice_wp"
    verbose_name = "Working party"

    def ready(self):
        from justice_wp import security  # noqa: F401  (connects the session signal receivers)
        from justice_wp.statistics import connect_signals

        connect_signals()

        # The data migration creates the groups; this keeps them in step with models added later
        # (and restores them after a test database flush).
        # Sent for apps with a models module only (justice_wp has none), so listen for auth's.
        post_migrate.connect(
            _sync_roles, sender=apps.get_app_config("auth"), dispatch_uid="justice_wp.sync_roles"
        )


class SecurityAxesConfig(axes.apps.AppConfig):
    """django-axes under a heading a Chair recognises: its lockouts, access and failure logs appear in
    the admin as "Security" rather than "Axes" (the app label, tables and permissions stay "axes").
    Only the Chair holds axes permissions (justice_wp/roles.py), so only the Chair sees the section."""

    # Not the project app's own config: "justice_wp" in INSTALLED_APPS must still pick JusticeWpConfig.
    default = False
    verbose_name = "Security (sign-in lockouts)"
