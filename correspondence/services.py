"""Every write of correspondence: queue an email to a submitter, record and lift opt-outs, requeue,
and the erasure of the emails' personal data. Atomic; each row records who and when.

Nobody is emailed who has been erased, has opted out, or has no email address: the single-submitter
service refuses with the reason (ValidationError); the bulk one skips them and counts why."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone
from post_office.models import PRIORITY, STATUS, Email, EmailTemplate, Log

from correspondence import letters
from correspondence.models import Correspondence, Kind, OptOut
from editing.services import actor, audited_save
from evidence.models import EvidenceItem, Submitter

ERASED = "erased"
OPTED_OUT = "opted out of email"
NO_EMAIL = "no email address"
REFUSALS = {
    ERASED: "Submitter #{pk} has been erased: nobody is emailed after erasure.",
    OPTED_OUT: "{name} has opted out of email (lift the opt-out first if they asked to hear again).",
    NO_EMAIL: "{name} has no email address.",
}


def refusal(submitter: Submitter) -> str | None:
    """Why `submitter` may not be emailed (a key of REFUSALS), or None."""
    if submitter.erased_at:
        return ERASED
    if OptOut.objects.filter(submitter=submitter, lifted_at__isnull=True).exists():
        return OPTED_OUT
    if not submitter.email.strip():
        return NO_EMAIL
    return None


def refusal_message(submitter: Submitter, reason: str) -> str:
    return REFUSALS[reason].format(pk=submitter.pk, name=str(submitter))


def template_for(kind: str) -> EmailTemplate:
    """The template of `kind`; re-created from its first wording (correspondence/letters.py) if it is
    missing (the admin never deletes these four; a restored or flushed database may lack them)."""
    template = EmailTemplate.objects.filter(name=kind, language="", default_template__isnull=True).first()
    if template is None:
        template = template_save(
            template=EmailTemplate(name=kind, language="", **letters.TEMPLATES[kind]),
            by=None,
            reason="restored the first wording",
        )
    return template


def letter_context(*, submitter: Submitter, item: EvidenceItem | None) -> dict:
    """What a template may use: {{ name }}, {{ reference }}, {{ title }}, {{ organisation }},
    {{ report_url }}."""
    if item is not None:
        reference, title = item.reference, item.title
    else:
        references = submitter.evidence_items.order_by("reference").values_list("reference", flat=True)
        reference, title = ", ".join(references), ""
    organisation = submitter.organisation.name if submitter.organisation_id else ""
    return {
        "name": submitter.name or organisation or "contributor",
        "reference": reference,
        "title": title,
        "organisation": organisation,
        "report_url": settings.REPORT_URL,
    }


def _render(source: str, context: dict, *, autoescape: bool) -> str:
    return Template(source).render(Context(context, autoescape=autoescape))


def _queue(*, submitter: Submitter, kind: str, template: EmailTemplate, item, by) -> Correspondence:
    context = letter_context(submitter=submitter, item=item)
    subject = " ".join(_render(template.subject, context, autoescape=False).split())
    email = Email(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[submitter.email],
        subject=subject,
        # Plain text is not HTML: no escaping of names like O'Brien.
        message=_render(template.content, context, autoescape=False),
        html_message=_render(template.html_content, context, autoescape=True)
        if template.html_content
        else "",
        status=STATUS.queued,
        priority=PRIORITY.medium,
        template=template,
    )
    email.save()
    return Correspondence.objects.create(
        submitter=submitter,
        kind=kind,
        email=email,
        item=item,
        template_name=template.name,
        queued_by=actor(by),
    )


@transaction.atomic
def correspondence_queue(
    *, submitter: Submitter, kind: str, by, item: EvidenceItem | None = None
) -> Correspondence:
    """Queue the `kind` email (its template, filled in for `submitter` and `item`) in the outbox;
    `send_queued_mail` sends it. Refused (ValidationError) for an erased or opted-out submitter,
    or one without an email address."""
    Kind(kind)
    submitter = (
        Submitter.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=submitter.pk)
    )
    reason = refusal(submitter)
    if reason:
        raise ValidationError(refusal_message(submitter, reason), code=reason)
    return _queue(submitter=submitter, kind=kind, template=template_for(kind), item=item, by=by)


@dataclass
class Outcome:
    queued: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)

    def message(self, what: str) -> str:
        text = f"{len(self.queued)} {what} email(s) queued"
        if self.skipped:
            reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
            text += f"; {sum(self.skipped.values())} submitter(s) skipped ({reasons})"
        return text + "."


@transaction.atomic
def correspondence_queue_many(
    *, pairs: Iterable[tuple[Submitter, EvidenceItem | None]], kind: str, by
) -> Outcome:
    """Queue the `kind` email for each (submitter, item); skip (and count, by reason) those who may
    not be emailed. All or nothing: a missing template queues none."""
    Kind(kind)
    template = template_for(kind)
    pairs = list(pairs)
    ids = {submitter.pk for submitter, _ in pairs}
    submitters = Submitter.objects.select_for_update(of=("self",)).select_related("organisation").in_bulk(ids)
    opted_out = set(
        OptOut.objects.filter(submitter_id__in=ids, lifted_at__isnull=True).values_list(
            "submitter_id", flat=True
        )
    )
    outcome = Outcome()
    for original, item in pairs:
        submitter = submitters[original.pk]
        if submitter.erased_at:
            outcome.skipped[ERASED] += 1
        elif submitter.pk in opted_out:
            outcome.skipped[OPTED_OUT] += 1
        elif not submitter.email.strip():
            outcome.skipped[NO_EMAIL] += 1
        else:
            outcome.queued.append(_queue(submitter=submitter, kind=kind, template=template, item=item, by=by))
    return outcome


def _cancel_queued(submitter: Submitter, why: str) -> int:
    """Mark the submitter's unsent emails failed (with a log line saying why): never sent, kept."""
    emails = list(
        Email.objects.filter(correspondence__submitter=submitter, status__in=[STATUS.queued, STATUS.requeued])
    )
    for email in emails:
        Email.objects.filter(pk=email.pk).update(status=STATUS.failed, last_updated=timezone.now())
        Log.objects.create(email=email, status=STATUS.failed, exception_type="Cancelled", message=why)
    return len(emails)


@transaction.atomic
def optout_record(*, submitter: Submitter, by, reason: str = "") -> OptOut:
    """The submitter asked not to be emailed: record it, and cancel what is still in the outbox."""
    submitter = Submitter.objects.select_for_update().get(pk=submitter.pk)
    if OptOut.objects.filter(submitter=submitter, lifted_at__isnull=True).exists():
        raise ValidationError(f"{submitter} has already opted out of email.")
    opt_out = OptOut.objects.create(submitter=submitter, reason=reason.strip(), recorded_by=actor(by))
    _cancel_queued(submitter, "Cancelled before sending: the submitter opted out of email.")
    return opt_out


@transaction.atomic
def optout_lift(*, submitter: Submitter, by, reason: str = "") -> OptOut:
    """The submitter may be emailed again (their opt-out row is kept, marked lifted)."""
    submitter = Submitter.objects.select_for_update().get(pk=submitter.pk)
    opt_out = OptOut.objects.filter(submitter=submitter, lifted_at__isnull=True).first()
    if opt_out is None:
        raise ValidationError(f"{submitter} has not opted out of email.")
    opt_out.lifted_at, opt_out.lifted_by, opt_out.lift_reason = timezone.now(), actor(by), reason.strip()
    opt_out.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return opt_out


@transaction.atomic
def emails_requeue(*, emails: Iterable[Email], by) -> Outcome:
    """Put failed (or retrying) emails back in the outbox for the next `send_queued_mail`, with their
    retries reset; emails to submitters who may no longer be emailed stay as they are."""
    outcome = Outcome()
    for email in Email.objects.filter(pk__in=[e.pk for e in emails]).select_related(
        "correspondence__submitter"
    ):
        letter = getattr(email, "correspondence", None)
        reason = refusal(letter.submitter) if letter is not None else None
        if reason:
            outcome.skipped[reason] += 1
            continue
        Email.objects.filter(pk=email.pk).update(
            status=STATUS.queued, scheduled_time=None, number_of_retries=0, last_updated=timezone.now()
        )
        outcome.queued.append(email)
    return outcome


def correspondence_erase(*, submitter: Submitter, by) -> None:
    """Erasure hook (evidence.scrubbing): delete the emails written to the submitter (their name and
    address are in them) and the free text of their opt-outs; the log keeps kind, date and sender."""
    doomed = set(Email.objects.filter(correspondence__submitter=submitter).values_list("pk", flat=True))
    address = submitter.email.strip().lower()
    if address:  # mail sent to them by other means (send_mail) too
        for email in Email.objects.filter(to__icontains=address).only("pk", "to", "cc", "bcc"):
            if address in {a.strip().lower() for a in [*email.to, *email.cc, *email.bcc]}:
                doomed.add(email.pk)
    Email.objects.filter(pk__in=doomed).delete()
    OptOut.objects.filter(submitter=submitter).update(reason="", lift_reason="")


@transaction.atomic
def template_save(*, template: EmailTemplate, by, reason: str = "edited") -> EmailTemplate:
    """Save an edited (or new) letter template with one history row; its placeholders are checked
    (post_office's template-syntax validators). Only default-language templates are used here."""
    template.full_clean(exclude=["default_template"])
    return audited_save(template, by=by, reason=reason, clean=False)
