"""What publication adds to evidence from its AppConfig.ready(): evidence does not import it."""

from django.db.models.signals import post_save

from evidence import scrubbing
from evidence.models import EvidenceItem, SurveyAnswer


def _reanchor(item_id: int) -> None:
    from publication import services

    services.redactions_reanchor(item_id=item_id)


def _item_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A new item has no redactions; a save of other fields (a transition) leaves the text alone."""
    if created or raw or (update_fields is not None and "body" not in update_fields):
        return
    _reanchor(instance.pk)


def _answer_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        _reanchor(instance.item_id)


def register() -> None:
    # The redacted originals are the item's text, and a decision's reason may name the person:
    # erasure scrubs them with the item.
    from publication.models import PublicationDecision, Redaction

    scrubbing.scrub_target_register(model=Redaction, fields=("quoted_text", "note"), item_lookup="item_id")
    scrubbing.scrub_target_register(model=PublicationDecision, fields=("reason",), item_lookup="item_id")
    post_save.connect(_item_saved, sender=EvidenceItem, dispatch_uid="publication.reanchor_item")
    post_save.connect(_answer_saved, sender=SurveyAnswer, dispatch_uid="publication.reanchor_answer")
