"""What correspondence adds to evidence's registries (called from its ready())."""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_delete

from correspondence import services
from correspondence.models import Kind
from evidence.intake import IntakeOption, intake_option_register
from evidence.models import Submitter
from evidence.scrubbing import erasure_hook_register

ACKNOWLEDGE = "email_acknowledgement"


def acknowledge(*, items, by) -> str:
    """The intake option: an acknowledgement per item that has a submitter."""
    pairs = [(item.submitter, item) for item in items if item.submitter_id]
    if not pairs:
        return ""  # nobody to acknowledge (a news article, a meeting note)
    try:
        outcome = services.correspondence_queue_many(pairs=pairs, kind=Kind.ACKNOWLEDGEMENT, by=by)
    except ValidationError as error:  # the template is missing: the evidence is logged all the same
        return "No acknowledgement queued: " + " ".join(error.messages)
    return outcome.message("acknowledgement")


def _delete_emails(sender, instance, **kwargs):
    """A submitter deleted outright takes the emails written to them along (their address is in them)."""
    services.correspondence_erase(submitter=instance, by=None)


def register() -> None:
    erasure_hook_register(services.correspondence_erase)
    intake_option_register(
        IntakeOption(
            name=ACKNOWLEDGE,
            label="Email the submitter an acknowledgement",
            help_text="Queued from the “acknowledgement” template; never sent to erased or opted-out "
            "submitters or those without an email address.",
            initial_on_log=True,
            # Survey tools send their own receipts, and an import may hold old responses.
            initial_on_import=False,
            apply=acknowledge,
            allowed=lambda user: user.has_perm("correspondence.add_correspondence"),
        )
    )
    pre_delete.connect(_delete_emails, sender=Submitter, dispatch_uid="correspondence.delete_emails")
