import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from evidence import privacy
from evidence.models import AccessLogEntry
from tests.factories import EvidenceItemFactory, SubmitterFactory, UserFactory


@pytest.mark.django_db
def test_labels_by_role(member_user, secretariat_user, chair_user):
    protected = SubmitterFactory(name="Ada Hidden", anonymity_requested=True)
    named = SubmitterFactory(name="Bea Named", consent_to_publish=True)
    assert privacy.submitter_label(member_user, protected) == "Anonymous respondent"
    assert privacy.submitter_label(member_user, named) == "Bea Named"
    assert privacy.submitter_label(secretariat_user, protected) == "Ada Hidden"
    assert privacy.submitter_label(chair_user, protected) == "Ada Hidden"
    assert privacy.submitter_label(member_user, None) == "—"
    assert not privacy.can_see_identity(member_user, protected)
    assert privacy.can_see_identity(secretariat_user, protected)


@pytest.mark.django_db
def test_a_deactivated_secretariat_user_sees_no_identity(secretariat_user):
    secretariat_user.is_active = False
    assert not privacy.can_see_identity(secretariat_user)


@pytest.mark.django_db
def test_access_log_keeps_ids_and_path_without_query(rf, secretariat_user):
    request = rf.get("/admin/evidence/submitter/", {"q": "Ada Hidden"})
    entry = privacy.access_log_record(
        user=secretariat_user,
        action="export",
        what="evidence.submitter",
        object_ids=[3, 1, 3],
        request=request,
    )
    assert (entry.object_ids, entry.path) == ([1, 3], "/admin/evidence/submitter/")
    assert privacy.access_log_record(user=secretariat_user, action="view", what="x", object_ids=[]) is None


@pytest.mark.django_db
def test_viewing_confidential_submitters_is_logged(secretariat_client, secretariat_user, confidential_world):
    submitter = confidential_world.submitter
    secretariat_client.get(reverse("admin:evidence_submitter_change", args=[submitter.pk]))
    secretariat_client.get(reverse("admin:evidence_submitter_changelist"))
    secretariat_client.get(reverse("admin:evidence_evidenceitem_changelist"))
    secretariat_client.get(
        reverse("admin:evidence_evidenceitem_change", args=[confidential_world.confidential_item.pk])
    )
    entries = list(AccessLogEntry.objects.order_by("id").values_list("user", "what", "object_ids", "path"))
    assert entries == [
        (
            secretariat_user.pk,
            "evidence.submitter",
            [submitter.pk],
            f"/admin/evidence/submitter/{submitter.pk}/change/",
        ),
        (secretariat_user.pk, "evidence.submitter", [submitter.pk], "/admin/evidence/submitter/"),
        (secretariat_user.pk, "evidence.submitter", [submitter.pk], "/admin/evidence/evidenceitem/"),
        (
            secretariat_user.pk,
            "evidence.submitter",
            [submitter.pk],
            f"/admin/evidence/evidenceitem/{confidential_world.confidential_item.pk}/change/",
        ),
        (
            secretariat_user.pk,
            "evidence.evidenceitem",
            [confidential_world.confidential_item.pk],
            f"/admin/evidence/evidenceitem/{confidential_world.confidential_item.pk}/change/",
        ),
    ]


@pytest.mark.django_db
def test_publishable_evidence_is_not_logged(secretariat_client):
    item = EvidenceItemFactory()
    secretariat_client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk]))
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_member_history_hides_the_change_of_submitter(member_client, secretariat_user, confidential_world):
    url = reverse("admin:evidence_evidenceitem_history", args=[confidential_world.item.pk])
    member_page = member_client.get(url).content.decode()
    assert "Perpetua" not in member_page
    secretariat = Client()
    secretariat.force_login(secretariat_user)
    assert "Perpetua Quillfeather" in secretariat.get(url).content.decode()


@pytest.mark.django_db
def test_member_cannot_open_history_versions_of_evidence(member_client, confidential_world):
    version = confidential_world.item.history.first()
    url = reverse(
        "admin:evidence_evidenceitem_simple_history", args=[confidential_world.item.pk, version.history_id]
    )
    assert member_client.get(url).status_code == 403


@pytest.mark.django_db
def test_access_log_list_queries_do_not_grow(chair_client, chair_user, django_assert_num_queries):
    """session, user, user and group permissions (2), count, page of entries with their users,
    date hierarchy min/max and days (2), 'what' filter choices."""
    url = reverse("admin:evidence_accesslogentry_changelist")

    def log(n):
        for pk in range(n):
            privacy.access_log_record(
                user=chair_user, action="view", what="evidence.submitter", object_ids=[pk + 1]
            )

    log(3)
    chair_client.get(url)
    with django_assert_num_queries(9) as small:
        assert chair_client.get(url).status_code == 200
    log(40)
    with django_assert_num_queries(len(small.captured_queries)):
        chair_client.get(url)


@pytest.mark.django_db
def test_member_evidence_list_queries_do_not_grow(member_client, django_assert_num_queries):
    """As for the secretariat (tests/evidence/test_admin.py): session, user, permissions (2),
    exclusion reason, survey and theme filter choices (3), "Unread by me" count, count, page of items
    with submitter joined, date hierarchy (2)."""
    url = reverse("admin:evidence_evidenceitem_changelist")
    EvidenceItemFactory.create_batch(3, submitter__anonymity_requested=True)
    with django_assert_num_queries(12) as small:
        assert "Anonymous respondent" in member_client.get(url).content.decode()
    EvidenceItemFactory.create_batch(30, submitter__anonymity_requested=True)
    with django_assert_num_queries(len(small.captured_queries)):
        member_client.get(url)


def _log():
    return list(
        AccessLogEntry.objects.order_by("id").values_list("user", "action", "what", "object_ids", "path")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", [0, 1, 2])
def test_exporting_confidential_data_is_logged_once_per_kind(
    secretariat_client, secretariat_user, confidential_world, file_format
):
    """The secretariat's export names the submitter and carries the confidential body: one entry for
    each; a member's export carries neither, so it logs nothing."""
    from evidence.models import EvidenceItem
    from evidence.resources import EvidenceItemResource
    from tests.privacy_checks import admin_export

    world = confidential_world
    url = reverse("admin:evidence_evidenceitem_export")
    admin_export(secretariat_client, EvidenceItem, EvidenceItemResource, file_format)
    assert _log() == [
        (secretariat_user.pk, "export", "evidence.evidenceitem", [world.confidential_item.pk], url),
        (secretariat_user.pk, "export", "evidence.submitter", [world.submitter.pk], url),
    ]
    AccessLogEntry.objects.all().delete()
    member_client = Client()
    member_client.force_login(UserFactory(role="Member"))
    admin_export(member_client, EvidenceItem, EvidenceItemResource, file_format)
    assert _log() == []


@pytest.mark.django_db
def test_exporting_submitters_is_logged(secretariat_client, secretariat_user, confidential_world):
    from evidence.models import Submitter
    from evidence.resources import SubmitterResource
    from tests.privacy_checks import admin_export

    SubmitterFactory()  # consented to be named: not confidential, not logged
    admin_export(secretariat_client, Submitter, SubmitterResource, 0)
    url = reverse("admin:evidence_submitter_export")
    assert _log() == [
        (secretariat_user.pk, "export", "evidence.submitter", [confidential_world.submitter.pk], url)
    ]


@pytest.mark.django_db
def test_export_command_logs_only_what_it_includes(confidential_world, tmp_path):
    world = confidential_world
    out = tmp_path / "out.csv"
    for dataset in ["evidence", "links", "recommendations"]:
        call_command("export_evidence", "--format", "csv", "-o", str(out), "--dataset", dataset)
    assert _log() == []
    for dataset in ["evidence", "links", "submitters", "recommendations"]:
        call_command(
            "export_evidence", "--format", "csv", "-o", str(out), "--dataset", dataset, "--include-identities"
        )
    command = "manage.py export_evidence"
    assert _log() == [
        (None, "export", "evidence.evidenceitem", [world.confidential_item.pk], command),
        (None, "export", "evidence.submitter", [world.submitter.pk], command),
        (None, "export", "evidence.evidenceitem", [world.confidential_item.pk], command),  # its quote
        (None, "export", "evidence.submitter", [world.submitter.pk], command),
    ]


@pytest.mark.django_db
def test_report_and_matrix_show_no_confidential_data_to_anyone_so_log_nothing(
    chair_client, confidential_world
):
    """The report is the publishable document, the same for every reader, and the matrix shows counts:
    even for the chair they name no protected submitter and quote no confidential text, so there is no
    confidential access to log."""
    from tests.privacy_checks import docx_text, leaks

    world = confidential_world
    preview = reverse("recommendations_report_preview")
    docx = reverse("recommendations_report_docx")
    texts = [chair_client.get(url).content.decode() for url in [preview, preview + "?draft=1"]]
    texts += [docx_text(chair_client.get(url).content) for url in [docx, docx + "?draft=1"]]
    texts += [
        chair_client.get(reverse(name)).content.decode()
        for name in ["recommendations:matrix", "recommendations:matrix_csv"]
    ]
    for text in texts:
        assert world.recommendation.number in text
        assert leaks(text, world) == []
    assert _log() == []


@pytest.mark.django_db
def test_quotes_of_confidential_evidence_are_labelled_for_members(secretariat_client, confidential_world):
    """An excerpt quotes its item's body: where a member would see a confidential item's excerpt (link
    list, link history, recommendation page, cited-by) they see which item it is from, not the quote;
    the excerpt itself is not theirs to open. The secretariat sees the quote on the same pages."""
    world = confidential_world
    label = f"{world.confidential_item.reference}: Hidden: confidential excerpt"
    urls = [
        reverse("admin:recommendations_evidencelink_changelist"),
        reverse("admin:recommendations_evidencelink_history", args=[world.confidential_link.pk]),
        reverse("admin:recommendations_recommendation_change", args=[world.recommendation.pk]),
    ]
    member = Client()
    member.force_login(UserFactory(role="Member"))
    for url in urls:
        text = member.get(url).content.decode()
        assert label in text and "Maple Court" not in text, url
        assert "Maple Court" in secretariat_client.get(url).content.decode(), url
    item_page = member.get(reverse("admin:evidence_evidenceitem_change", args=[world.confidential_item.pk]))
    assert "excerpt hidden: confidential" in item_page.content.decode()
    excerpt = reverse("admin:evidence_excerpt_change", args=[world.confidential_excerpt.pk])
    assert member.get(excerpt, follow=True).redirect_chain[-1][0] == reverse("admin:index")
    history = reverse("admin:evidence_excerpt_history", args=[world.confidential_excerpt.pk])
    assert member.get(history).status_code == 403
    assert secretariat_client.get(history).status_code == 200


@pytest.mark.django_db
def test_members_cannot_probe_a_confidential_body_by_adding_excerpts(member_client, confidential_world):
    """The excerpt form checks a quote against the body at given offsets: for a confidential item its
    answers would reveal the body, so members cannot choose one."""
    from evidence.models import Excerpt

    item = confidential_world.confidential_item
    before = Excerpt.objects.count()
    response = member_client.post(
        reverse("admin:evidence_excerpt_add"),
        {"item": item.pk, "quote": "Maple", "start_offset": 0, "end_offset": 5, "page": "", "note": ""},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "does not match" not in response.content.decode()
    assert Excerpt.objects.count() == before
    response = member_client.post(
        reverse("admin:evidence_excerpt_add"),
        {"item": confidential_world.item.pk, "quote": "Up to 18", "page": "", "note": ""},
    )
    assert response.status_code == 302  # readable items still take excerpts
    assert Excerpt.objects.count() == before + 1


@pytest.mark.django_db
def test_publish_anonymised_items_name_nobody_to_members(member_client, member_user):
    """Issue 13 finding 3: a consenting, non-anonymous submitter of an item the secretariat marked
    "publish anonymised" (the demo's OAJ-0004) is named only where the item is publishable, and an
    email address never reaches a member, in pages or exports."""
    from evidence.models import EvidenceItem
    from evidence.resources import EvidenceItemResource
    from tests.privacy_checks import admin_export

    sam = SubmitterFactory(name="Sam Adviser", email="sam.adviser@example.org", consent_to_publish=True)
    anonymised = EvidenceItemFactory(submitter=sam, confidentiality=EvidenceItem.Confidentiality.ANONYMISED)
    publishable = EvidenceItemFactory(
        title="Signed letter", submitter=sam, confidentiality=EvidenceItem.Confidentiality.PUBLISHABLE
    )
    assert privacy.submitter_label(member_user, sam, anonymised) == "Anonymous respondent"
    assert privacy.submitter_label(member_user, sam, publishable) == "Sam Adviser"

    page = member_client.get(reverse("admin:evidence_evidenceitem_change", args=[anonymised.pk]))
    assert "Anonymous respondent" in page.content.decode() and "Sam Adviser" not in page.content.decode()
    page = member_client.get(reverse("admin:evidence_evidenceitem_change", args=[publishable.pk]))
    assert "Sam Adviser" in page.content.decode() and "sam.adviser" not in page.content.decode()

    rows = admin_export(member_client, EvidenceItem, EvidenceItemResource, 2).decode()
    assert "sam.adviser" not in rows
    assert rows.count("Sam Adviser") == 1
