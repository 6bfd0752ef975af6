from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        from evidence.admin.privacy import protect_history_views

        protect_history_views()
