"""`manage.py send_queued_mail` (post_office's command, run from cron) sends the outbox; a mail
server that is down loses nothing: the email stays in the outbox, retried on a later run."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email

from correspondence import services
from correspondence.models import Kind
from tests.factories import SubmitterFactory

# The command closes the database connection between batches (post_office does, for its worker
# processes): the data must be committed, not inside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

FAILING = "tests.correspondence.test_sending.DownBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"


class DownBackend(BaseEmailBackend):
    """An SMTP server that refuses connections."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


def _deliver_with(settings, backend: str, tmp_path, **extra) -> None:
    settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": backend}, **extra}
    call_command("send_queued_mail", lockfile=str(tmp_path / "post_office"))


def test_a_failing_mail_server_keeps_the_email_queued_and_a_later_run_sends_it(
    settings, tmp_path, secretariat_user
):
    submitter = SubmitterFactory(name="Ada Example", email="ada@example.net")
    letter = services.correspondence_queue(submitter=submitter, kind=Kind.CHASER, by=secretariat_user)

    _deliver_with(settings, FAILING, tmp_path, MAX_RETRIES=3)
    email = Email.objects.get()
    assert email.status == STATUS.requeued and email.number_of_retries == 1
    assert email.scheduled_time > timezone.now()  # waits for the retry interval
    log = email.logs.get()
    assert (log.status, log.exception_type) == (STATUS.failed, "SMTPConnectError")
    letter.refresh_from_db()
    assert letter.status == "queued (retrying)"
    assert mail.outbox == []

    _deliver_with(settings, WORKING, tmp_path)  # too early: the retry is not due yet
    assert Email.objects.get().status == STATUS.requeued and mail.outbox == []

    Email.objects.update(scheduled_time=timezone.now() - datetime.timedelta(minutes=1))
    _deliver_with(settings, WORKING, tmp_path)
    assert Email.objects.get().status == STATUS.sent
    [sent] = mail.outbox
    assert sent.to == ["ada@example.net"] and sent.body.startswith("Dear Ada Example,")
    letter.refresh_from_db()
    assert letter.status == "sent"


def test_an_email_past_its_retries_is_failed_and_requeueing_sends_it(settings, tmp_path, secretariat_user):
    services.correspondence_queue(submitter=SubmitterFactory(), kind=Kind.THANKS, by=secretariat_user)
    _deliver_with(settings, FAILING, tmp_path, MAX_RETRIES=0)
    email = Email.objects.get()
    assert email.status == STATUS.failed  # kept in the outbox, not lost

    outcome = services.emails_requeue(emails=[email], by=secretariat_user)
    assert outcome.queued == [email]
    _deliver_with(settings, WORKING, tmp_path)
    assert Email.objects.get().status == STATUS.sent and len(mail.outbox) == 1


def test_production_retries_for_a_day_by_default():
    from django.conf import settings

    retries, interval = settings.POST_OFFICE["MAX_RETRIES"], settings.POST_OFFICE["RETRY_INTERVAL"]
    assert retries * interval >= datetime.timedelta(hours=24)
