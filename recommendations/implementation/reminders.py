"""The daily reminder of overdue stakeholder responses, emailed to the secretariat
(`manage.py remind_overdue_responses`, run from cron). At most one a day: the day's ResponseReminder
row is written in the same transaction as the sending, under a unique date, so a second run that day
(or two overlapping runs) sends nothing."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from recommendations.implementation.selectors import overdue_responses
from recommendations.models import ResponseReminder

SECRETARIAT = "Secretariat"


@dataclass
class ReminderResult:
    overdue: list = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    sent: bool = False
    skipped: str = ""  # why nothing was sent


def secretariat_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def reminder_body(overdue: list, *, today: datetime.date) -> str:
    lines = [
        f"{len(overdue)} stakeholder response{'s are' if len(overdue) != 1 else ' is'} overdue "
        f"as of {today:%d %B %Y}:",
        "",
    ]
    for row in overdue:
        late = (today - row.response_due).days
        url = settings.SITE_URL + reverse("admin:recommendations_implementationstatus_change", args=[row.pk])
        lines.append(
            f"- {row.recommendation.number} {row.recommendation.title} — {row.stakeholder.name}: "
            f"due {row.response_due:%d %b %Y} ({late} day{'s' if late != 1 else ''} overdue)\n  {url}"
        )
    lines += ["", "Record a response on the implementation status once it arrives."]
    return "\n".join(lines)


def overdue_reminder_send(*, today: datetime.date, dry_run: bool = False) -> ReminderResult:
    """Email the secretariat the overdue list, unless already reminded `today` or nothing is overdue."""
    result = ReminderResult(overdue=list(overdue_responses(today=today)), recipients=secretariat_addresses())
    if ResponseReminder.objects.filter(sent_on=today).exists():
        result.skipped = f"already reminded on {today:%d %b %Y}"
    elif not result.overdue:
        result.skipped = "no response is overdue"
    elif not result.recipients:
        result.skipped = "no active secretariat user has an email address"
    if result.skipped or dry_run:
        return result
    message = EmailMessage(
        subject=f"[justice-wp] {len(result.overdue)} overdue stakeholder response(s)",
        body=reminder_body(result.overdue, today=today),
        to=result.recipients,
    )
    try:
        with transaction.atomic():
            ResponseReminder.objects.create(
                sent_on=today, recipients=len(result.recipients), overdue=len(result.overdue)
            )
            message.send()
    except IntegrityError:  # another run recorded today's reminder first
        result.skipped = f"already reminded on {today:%d %b %Y}"
        return result
    result.sent = True
    return result
