from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    """Emails to submitters (acknowledgements, consent confirmations, chasers, thank-yous), queued in
    the database by django-post-office. Built on evidence: it fills evidence's registries (erasure,
    intake options) from ready() rather than evidence importing it."""

    name = "correspondence"
    verbose_name = "Correspondence"

    def ready(self):
        from correspondence import extensions

        extensions.register()
