from django.apps import AppConfig


class PublicationConfig(AppConfig):
    """What of the evidence is published, and how: decisions, redactions and the public pages.

    It sits above evidence (which never imports it) and extends it from here: the evidence item admin
    (publication/admin/items.py, chained onto whichever admin is registered), erasure scrubbing of the
    redacted originals, and re-anchoring redactions whenever an item's text is saved."""

    name = "publication"
    verbose_name = "Publication"

    def ready(self):
        from publication import extensions

        extensions.register()
