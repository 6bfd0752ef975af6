"""The correspondence pages as people use them: the log on a submitter's page, the list actions,
the outbox and templates; members get none of it; list query counts pinned."""

import pytest
from django.urls import reverse
from post_office.models import STATUS, Email, EmailTemplate

from correspondence import services
from correspondence.models import Correspondence, Kind, OptOut
from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory, SubmitterFactory

pytestmark = pytest.mark.django_db

SUBMITTERS = reverse("admin:evidence_submitter_changelist")


def submitter_page(submitter):
    return reverse("admin:evidence_submitter_change", args=[submitter.pk])


def test_the_submitters_page_shows_their_correspondence(secretariat_client, secretariat_user):
    submitter = SubmitterFactory(name="Ada Example")
    item = EvidenceItemFactory(submitter=submitter)
    services.correspondence_queue(
        submitter=submitter, kind=Kind.ACKNOWLEDGEMENT, by=secretariat_user, item=item
    )
    sent = services.correspondence_queue(submitter=submitter, kind=Kind.CHASER, by=secretariat_user)
    Email.objects.filter(pk=sent.email_id).update(status=STATUS.sent)

    page = secretariat_client.get(submitter_page(submitter)).content.decode()

    assert "Correspondence" in page and "None: the submitter may be emailed." in page
    assert f"Your evidence to the working party ({item.reference})" in page
    for text in ("Acknowledgement", "Chaser", "acknowledgement", "chaser", ">queued", ">sent", "sec"):
        assert text in page


def test_the_page_says_when_a_submitter_opted_out(secretariat_client, secretariat_user):
    submitter = SubmitterFactory()
    services.optout_record(submitter=submitter, by=secretariat_user, reason="Asked by phone")
    page = secretariat_client.get(submitter_page(submitter)).content.decode()
    assert "Opted out on" in page and "Asked by phone" in page and "No emails yet." in page


def test_email_action_confirms_then_queues_and_reports_who_was_skipped(secretariat_client, secretariat_user):
    fine, opted, erased = SubmitterFactory(), SubmitterFactory(), SubmitterFactory(email="")
    services.optout_record(submitter=opted, by=secretariat_user)
    selected = {"action": "email_chaser", "_selected_action": [fine.pk, opted.pk, erased.pk]}

    confirm = secretariat_client.post(SUBMITTERS, selected).content.decode()
    assert "Queue 1 email(s)" in confirm
    assert "1 opted out of email" in confirm and "1 no email address" in confirm
    assert not Email.objects.exists()

    done = secretariat_client.post(SUBMITTERS, selected | {"apply": "1"}, follow=True).content.decode()
    assert (
        "1 chaser email(s) queued; 2 submitter(s) skipped (1 no email address, 1 opted out of email)." in done
    )
    assert list(Correspondence.objects.values_list("submitter", "kind")) == [(fine.pk, "chaser")]


def test_opt_out_actions_record_and_lift_with_the_reason(secretariat_client, secretariat_user):
    submitter = SubmitterFactory()
    queued = services.correspondence_queue(submitter=submitter, kind=Kind.CHASER, by=secretariat_user)
    selected = {"_selected_action": [submitter.pk], "apply": "1"}
    secretariat_client.post(SUBMITTERS, selected | {"action": "record_opt_out", "reason": "Letter of 3 May"})
    opt_out = OptOut.objects.get(submitter=submitter)
    assert (opt_out.reason, opt_out.recorded_by, opt_out.lifted_at) == (
        "Letter of 3 May",
        secretariat_user,
        None,
    )
    assert Email.objects.get(pk=queued.email_id).status == STATUS.failed  # cancelled, never sent

    secretariat_client.post(SUBMITTERS, selected | {"action": "lift_opt_out", "reason": "Asked again"})
    opt_out.refresh_from_db()
    assert opt_out.lifted_by == secretariat_user and opt_out.lift_reason == "Asked again"


def test_requeue_action_puts_failed_emails_back(secretariat_client, secretariat_user):
    letter = services.correspondence_queue(
        submitter=SubmitterFactory(), kind=Kind.CHASER, by=secretariat_user
    )
    Email.objects.filter(pk=letter.email_id).update(status=STATUS.failed, number_of_retries=48)
    secretariat_client.post(
        reverse("admin:post_office_email_changelist"),
        {"action": "requeue", "_selected_action": [letter.email_id]},
    )
    email = Email.objects.get()
    assert (email.status, email.number_of_retries) == (STATUS.queued, 0)


def test_the_outbox_is_read_only_and_cannot_send_from_the_page(secretariat_client, secretariat_user):
    letter = services.correspondence_queue(
        submitter=SubmitterFactory(), kind=Kind.CHASER, by=secretariat_user
    )
    change = reverse("admin:post_office_email_change", args=[letter.email_id])
    page = secretariat_client.get(change)
    assert page.status_code == 200 and "A reminder from the Outsourcing" in page.content.decode()
    assert secretariat_client.post(change, {"subject": "x"}).status_code == 403
    assert secretariat_client.get(reverse("admin:resend", args=[letter.email_id])).status_code == 403
    assert Email.objects.get().status == STATUS.queued


def test_templates_are_edited_with_history_and_the_four_are_never_deleted(secretariat_client):
    chaser = services.template_for(Kind.CHASER)
    change = reverse("admin:post_office_emailtemplate_change", args=[chaser.pk])
    data = {
        "description": chaser.description,
        "subject": "A friendly reminder",
        "content": "Dear {{ name }}, ...",
        "html_content": "",
        "language": "",
    }
    assert secretariat_client.post(change, data).status_code == 302
    chaser.refresh_from_db()
    assert (chaser.name, chaser.subject) == ("chaser", "A friendly reminder")
    record = chaser.history.latest()
    assert record.history_user.username == "sec" and record.history_change_reason == "edited"
    history = secretariat_client.get(reverse("admin:post_office_emailtemplate_history", args=[chaser.pk]))
    assert history.status_code == 200 and "sec" in history.content.decode()  # who edited it
    bad = secretariat_client.post(change, data | {"content": "Dear {% if name %}"})
    assert (
        bad.status_code == 200 and EmailTemplate.objects.get(pk=chaser.pk).content == "Dear {{ name }}, ..."
    )
    delete = reverse("admin:post_office_emailtemplate_delete", args=[chaser.pk])
    assert secretariat_client.post(delete, {"post": "yes"}).status_code == 403
    assert EmailTemplate.objects.filter(pk=chaser.pk).exists()


def _world(secretariat_user):
    protected = SubmitterFactory(
        name="Perpetua Quillfeather", anonymity_requested=True, consent_to_publish=False
    )
    letter = services.correspondence_queue(submitter=protected, kind=Kind.CHASER, by=secretariat_user)
    services.optout_record(submitter=SubmitterFactory(), by=secretariat_user)
    return protected, letter


def test_members_get_no_correspondence_at_all(member_client, secretariat_user):
    protected, letter = _world(secretariat_user)
    pages = [
        reverse("admin:correspondence_correspondence_changelist"),
        reverse("admin:correspondence_correspondence_change", args=[letter.pk]),
        reverse("admin:correspondence_optout_changelist"),
        reverse("admin:post_office_email_changelist"),
        reverse("admin:post_office_email_change", args=[letter.email_id]),
        reverse("admin:post_office_email_preview", args=[letter.email_id]),
        reverse("admin:post_office_log_changelist"),
        reverse("admin:post_office_emailtemplate_changelist"),
        f"{reverse('admin:post_office_email_changelist')}?q=Quillfeather",
        submitter_page(protected),
    ]
    for url in pages:
        response = member_client.get(url)
        assert response.status_code == 403, url
        assert "Quillfeather" not in response.content.decode()
    index = member_client.get(reverse("admin:index")).content.decode()
    assert "Post Office" not in index and "Correspondence" not in index
    changelist = member_client.get(SUBMITTERS)
    assert changelist.status_code == 403


def test_logged_out_users_are_sent_to_the_login(client, secretariat_user):
    _, letter = _world(secretariat_user)
    response = client.get(reverse("admin:post_office_email_change", args=[letter.email_id]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_listing_protected_submitters_correspondence_is_access_logged(secretariat_client, secretariat_user):
    from evidence.models import AccessLogEntry

    protected, _ = _world(secretariat_user)
    secretariat_client.get(reverse("admin:correspondence_correspondence_changelist"))
    entry = AccessLogEntry.objects.get()
    assert entry.object_ids == [protected.pk] and entry.what == "evidence.submitter"


def test_the_outbox_logs_views_of_protected_submitters_mail(secretariat_client, secretariat_user):
    from evidence.models import AccessLogEntry

    protected, letter = _world(secretariat_user)
    secretariat_client.get(reverse("admin:post_office_email_changelist"))
    secretariat_client.get(reverse("admin:post_office_email_change", args=[letter.email_id]))
    assert [entry.object_ids for entry in AccessLogEntry.objects.order_by("pk")] == [[protected.pk]] * 2


def _queue_letters(count, by):
    for _ in range(count):
        submitter = SubmitterFactory()
        services.correspondence_queue(submitter=submitter, kind=Kind.CHASER, by=by)
        services.optout_record(submitter=submitter, by=by)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user, permissions (2), count, page of letters with submitter + email + user
        # joined, date hierarchy (2); access log of protected submitters on the page (none here).
        ("admin:correspondence_correspondence_changelist", 8),
        # session, user, permissions (2), count, page of opt-outs with submitter + both users joined.
        ("admin:correspondence_optout_changelist", 6),
        # session, user, permissions (2), template filter choices, count, page of emails with
        # template joined, date hierarchy (2).
        ("admin:post_office_email_changelist", 9),
        # session, user, permissions (2), count, page of log lines with email joined, date hierarchy (2).
        ("admin:post_office_log_changelist", 8),
    ],
)
def test_list_queries_do_not_grow(
    secretariat_client, secretariat_user, django_assert_num_queries, url, queries
):
    _queue_letters(2, secretariat_user)
    with django_assert_num_queries(queries):
        assert secretariat_client.get(reverse(url)).status_code == 200
    _queue_letters(8, secretariat_user)
    with django_assert_num_queries(queries):
        assert secretariat_client.get(reverse(url)).status_code == 200


def test_submitter_page_queries_do_not_grow_with_their_letters(
    secretariat_client, secretariat_user, django_assert_num_queries
):
    """The log is one query (letters with email, user and item joined) and the opt-out one more,
    however many letters there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submitter = SubmitterFactory()
    services.correspondence_queue(submitter=submitter, kind=Kind.CHASER, by=secretariat_user)
    secretariat_client.get(submitter_page(submitter))  # warm
    with CaptureQueriesContext(connection) as one:
        secretariat_client.get(submitter_page(submitter))
    for kind in (Kind.ACKNOWLEDGEMENT, Kind.THANKS, Kind.CONSENT, Kind.CHASER):
        services.correspondence_queue(submitter=submitter, kind=kind, by=secretariat_user)
    with django_assert_num_queries(len(one)):
        page = secretariat_client.get(submitter_page(submitter)).content.decode()
    assert page.count("<td>Chaser</td>") == 2


def test_import_confirm_offers_acknowledgements_unticked_and_sends_them_when_ticked(
    secretariat_client, tender_survey
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.models import ImportUpload
    from tests.evidence.test_import_admin import DATA

    content = (DATA / "responses_cp1252.csv").read_bytes()
    secretariat_client.post(
        reverse("admin:evidence_evidenceitem_import_survey"),
        {"survey": tender_survey.pk, "file": SimpleUploadedFile("r.csv", content)},
    )
    preview_url = reverse(
        "admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk]
    )
    preview = secretariat_client.get(preview_url).content.decode()
    assert 'name="email_acknowledgement">' in preview  # offered, not ticked

    done = secretariat_client.post(preview_url, {"confirm": "1", "email_acknowledgement": "on"}, follow=True)
    items = EvidenceItem.objects.filter(submitter__isnull=False)
    letters = Correspondence.objects.filter(kind=Kind.ACKNOWLEDGEMENT)
    assert letters.count() == items.exclude(submitter__email="").count() > 0
    assert {letter.item.reference for letter in letters} <= set(items.values_list("reference", flat=True))
    assert "acknowledgement email(s) queued" in done.content.decode()


def test_logging_an_item_offers_the_acknowledgement_ticked(secretariat_client, secretariat_user):
    from tests.html_forms import form_data

    submitter = SubmitterFactory(email="ada@example.net")
    add = reverse("admin:evidence_evidenceitem_add")
    page = secretariat_client.get(add).content.decode()
    data = form_data(page, "evidenceitem_form")
    assert data.get("email_acknowledgement") == "on"
    data |= {"title": "Letter", "kind": "written_submission", "submitter": submitter.pk, "body": "Text."}
    response = secretariat_client.post(add, data, follow=True)
    assert response.redirect_chain, response.context["adminform"].form.errors
    letter = Correspondence.objects.get()
    assert (letter.submitter, letter.kind, letter.item.title) == (submitter, "acknowledgement", "Letter")
    assert "1 acknowledgement email(s) queued." in response.content.decode()
    # Unticked: nothing.
    secretariat_client.post(add, {k: v for k, v in data.items() if k != "email_acknowledgement"})
    assert Correspondence.objects.count() == 1


def test_an_item_without_a_submitter_is_logged_without_a_word_about_email(secretariat_client):
    from tests.html_forms import form_data

    add = reverse("admin:evidence_evidenceitem_add")
    data = form_data(secretariat_client.get(add).content.decode(), "evidenceitem_form")
    data |= {"title": "News article", "kind": "news_article", "body": "Text."}
    response = secretariat_client.post(add, data, follow=True)
    assert EvidenceItem.objects.filter(title="News article").exists()
    assert "acknowledgement" not in response.content.decode().lower().split("messagelist")[-1][:500]
    assert not Correspondence.objects.exists()


def test_members_are_not_offered_the_acknowledgement(member_user, secretariat_user):
    from evidence.intake import intake_options

    assert [option.name for option in intake_options(secretariat_user)] == ["email_acknowledgement"]
    assert intake_options(member_user) == []
