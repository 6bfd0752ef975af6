from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = "Recommendations"

    def ready(self):
        # Implementation tracking has its own admin module, apart from the recommendations admin.
        from recommendations import admin_implementation  # noqa: F401
