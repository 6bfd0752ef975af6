"""Queueing letters to submitters: the right template, filled in; never to erased or opted-out
submitters or those without an email; opt-outs cancel what is unsent; erasure removes the emails."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from post_office.models import STATUS, Email, Log

from correspondence import services
from correspondence.models import Correspondence, Kind, OptOut
from evidence.privacy_services import submitter_erase
from tests.factories import EvidenceItemFactory, OrganisationFactory, SubmitterFactory
from tests.privacy_checks import tables_containing

pytestmark = pytest.mark.django_db


def test_acknowledgement_is_queued_from_its_template_filled_in(secretariat_user, settings):
    settings.REPORT_URL = "https://wp.example.org/report"
    submitter = SubmitterFactory(name="Siobhan O'Brien", email="siobhan@example.net")
    item = EvidenceItemFactory(submitter=submitter, title="Assessment letter")

    letter = services.correspondence_queue(
        submitter=submitter, kind=Kind.ACKNOWLEDGEMENT, by=secretariat_user, item=item
    )

    email = Email.objects.get()
    assert letter.email == email and letter.queued_by == secretariat_user and letter.item == item
    assert (letter.kind, letter.template_name, email.template.name) == ("acknowledgement",) * 3
    assert email.to == ["siobhan@example.net"]
    assert email.status == STATUS.queued and letter.status == "queued"
    assert email.subject == f"Your evidence to the working party ({item.reference})"
    assert email.message.startswith("Dear Siobhan O'Brien,")  # plain text: no HTML escaping
    assert item.reference in email.message and "{{" not in email.message
    assert mail.outbox == []  # queued, not sent


def test_thank_you_carries_the_report_link_and_all_the_submitters_references(secretariat_user, settings):
    settings.REPORT_URL = "https://wp.example.org/report"
    submitter = SubmitterFactory(name="", organisation=OrganisationFactory(name="Camden Law Centre"))
    first, second = EvidenceItemFactory(submitter=submitter), EvidenceItemFactory(submitter=submitter)

    services.correspondence_queue(submitter=submitter, kind=Kind.THANKS, by=secretariat_user)

    message = Email.objects.get().message
    assert "https://wp.example.org/report" in message
    assert message.startswith("Dear Camden Law Centre,")
    assert f"{first.reference}, {second.reference}" in message


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda user: submitter_erase(submitter=SubmitterFactory(), by=user).submitter_id, "has been erased"),
        (
            lambda user: services.optout_record(submitter=SubmitterFactory(), by=user).submitter_id,
            "opted out",
        ),
        (lambda user: SubmitterFactory(email="").pk, "has no email address"),
    ],
    ids=["erased", "opted-out", "no-email"],
)
def test_nobody_is_emailed_who_is_erased_opted_out_or_without_an_address(secretariat_user, make, says):
    from evidence.models import Submitter

    submitter = Submitter.objects.get(pk=make(secretariat_user))
    for kind in Kind:
        with pytest.raises(ValidationError, match=says):
            services.correspondence_queue(submitter=submitter, kind=kind, by=secretariat_user)
    outcome = services.correspondence_queue_many(
        pairs=[(submitter, None)], kind=Kind.CHASER, by=secretariat_user
    )
    assert outcome.queued == [] and sum(outcome.skipped.values()) == 1
    assert not Email.objects.exists() and not Correspondence.objects.exists()


def test_bulk_queue_counts_who_was_skipped_and_why(secretariat_user):
    fine = SubmitterFactory()
    opted = SubmitterFactory()
    services.optout_record(submitter=opted, by=secretariat_user, reason="Phoned")
    outcome = services.correspondence_queue_many(
        pairs=[(fine, None), (opted, None), (SubmitterFactory(email=""), None)],
        kind=Kind.CHASER,
        by=secretariat_user,
    )
    assert [letter.submitter for letter in outcome.queued] == [fine]
    assert outcome.message("chaser") == (
        "1 chaser email(s) queued; 2 submitter(s) skipped (1 no email address, 1 opted out of email)."
    )


def test_a_missing_template_is_restored_with_its_first_wording(secretariat_user):
    from post_office.models import EmailTemplate

    EmailTemplate.objects.filter(name="chaser").delete()
    services.correspondence_queue(submitter=SubmitterFactory(), kind=Kind.CHASER, by=secretariat_user)
    template = EmailTemplate.objects.get(name="chaser")
    assert Email.objects.get().template == template
    assert template.history.get().history_change_reason == "restored the first wording"


def test_opting_out_cancels_unsent_emails_and_lifting_allows_email_again(secretariat_user, chair_user):
    submitter = SubmitterFactory()
    letter = services.correspondence_queue(submitter=submitter, kind=Kind.CHASER, by=secretariat_user)

    opt_out = services.optout_record(submitter=submitter, by=secretariat_user, reason="Asked by phone")
    assert (opt_out.recorded_by, opt_out.reason) == (secretariat_user, "Asked by phone")
    letter.email.refresh_from_db()
    assert letter.email.status == STATUS.failed
    assert Log.objects.get(email=letter.email).message.startswith("Cancelled before sending")
    with pytest.raises(ValidationError, match="already opted out"):
        services.optout_record(submitter=submitter, by=secretariat_user)
    # Requeueing does not get round the opt-out.
    outcome = services.emails_requeue(emails=[letter.email], by=secretariat_user)
    assert outcome.queued == [] and outcome.skipped == {"opted out of email": 1}

    lifted = services.optout_lift(submitter=submitter, by=chair_user, reason="Wrote to ask for the report")
    assert (lifted.lifted_by, lifted.lift_reason) == (chair_user, "Wrote to ask for the report")
    assert OptOut.objects.filter(submitter=submitter).count() == 1  # kept, marked lifted
    with pytest.raises(ValidationError, match="has not opted out"):
        services.optout_lift(submitter=submitter, by=chair_user)
    services.correspondence_queue(submitter=submitter, kind=Kind.THANKS, by=secretariat_user)
    assert Email.objects.filter(status=STATUS.queued).count() == 1


def test_erasure_removes_the_emails_and_leaves_no_trace_of_the_person(secretariat_user, settings):
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    submitter = SubmitterFactory(name="Perpetua Quillfeather", email="perpetua.q@private.example")
    item = EvidenceItemFactory(submitter=submitter)
    services.correspondence_queue(
        submitter=submitter, kind=Kind.ACKNOWLEDGEMENT, by=secretariat_user, item=item
    )
    services.optout_record(submitter=submitter, by=secretariat_user, reason="Perpetua Quillfeather phoned")
    mail.send_mail("About your evidence", "Dear Perpetua Quillfeather", None, ["perpetua.q@private.example"])
    other = services.correspondence_queue(submitter=SubmitterFactory(), kind=Kind.CHASER, by=secretariat_user)
    assert Email.objects.count() == 3

    submitter_erase(submitter=submitter, by=secretariat_user)

    assert tables_containing("Quillfeather", "perpetua.q@private.example") == {}
    assert list(Email.objects.all()) == [other.email]  # someone else's mail is untouched
    letter = Correspondence.objects.get(submitter=submitter)
    assert (letter.kind, letter.email, letter.status) == (
        "acknowledgement",
        None,
        "removed from the outbox",
    )


def test_every_send_mail_is_queued_in_the_outbox(settings):
    """EMAIL_BACKEND is post_office's: the project's own send_mail calls (invitations, reminders)
    are queued too. (pytest-django replaces EMAIL_BACKEND with locmem; the setting is restored here.)"""
    from django.conf import settings as live

    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    mail.send_mail("Invitation", "Set your password", "sec@wp.example.org", ["new.member@wp.example.org"])
    email = Email.objects.get()
    assert (email.status, email.to, email.subject) == (
        STATUS.queued,
        ["new.member@wp.example.org"],
        "Invitation",
    )
    assert mail.outbox == []
    assert live.POST_OFFICE["BACKENDS"]["default"].endswith("console.EmailBackend")  # development: console


def test_deleting_a_submitter_deletes_the_emails_written_to_them(secretariat_user):
    submitter = SubmitterFactory()
    services.correspondence_queue(submitter=submitter, kind=Kind.CHASER, by=secretariat_user)
    submitter.delete()
    assert not Email.objects.exists() and not Correspondence.objects.exists()
