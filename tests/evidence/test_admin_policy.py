"""The privacy policy as the admin applies it: URL lookups, sorting, exports (issue 13, findings 1
and 10). The generated walk over every admin is in tests/justice_wp/test_member_lookups.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory, SubmitterFactory, pdf_bytes

ITEMS = "/admin/evidence/evidenceitem/"
EXPORT = ITEMS + "export/"
CONFIDENTIAL = EvidenceItem.Confidentiality.CONFIDENTIAL


@pytest.fixture
def secret_item(db):
    return EvidenceItemFactory(
        title="Safeguarding file",
        body="The tribunal heard it. Told to us by Morwenna Tregarthen, morwenna@private.example",
        confidentiality=CONFIDENTIAL,
        submitter=SubmitterFactory(anonymity_requested=True, consent_to_publish=False),
    )


def _listed(response) -> set[int]:
    return {item.pk for item in response.context["cl"].result_list}


@pytest.mark.parametrize(
    "query",
    [
        "body__icontains=tribunal",
        "body__regex=Told to us by [A-M]",
        "body__startswith=The",
        "attachment__startswith=evidence",
        "answers__answer__icontains=tribunal",
        "excerpts__quote__icontains=tribunal",
        "title__icontains=Safeguarding",
        "status=received",
    ],
)
def test_member_url_lookups_beyond_the_list_filters_are_refused(member_client, secret_item, query):
    response = member_client.get(f"{ITEMS}?{query}")
    assert response.status_code == 400
    field = query.split("=")[0]
    assert f"You cannot filter evidence items by “{field}”" in response.content.decode()
    assert "Safeguarding file" not in response.content.decode()


def test_member_cannot_group_items_by_an_anonymous_submitter(member_client, secret_item):
    for query in [
        f"submitter={secret_item.submitter_id}",
        f"submitter__id__exact={secret_item.submitter_id}",
        f"submitter_id={secret_item.submitter_id}",
        "submitter__isnull=False",
        "submitter__name__icontains=a",
    ]:
        assert member_client.get(f"{ITEMS}?{query}").status_code == 400, query


def test_member_filters_offered_by_the_list_and_its_links_still_work(member_client, secret_item):
    meeting_item = EvidenceItemFactory(confidentiality=EvidenceItem.Confidentiality.PUBLISHABLE)
    for query, expected in [
        (f"confidentiality__exact={CONFIDENTIAL}", {secret_item.pk}),
        ("status__exact=received&kind__exact=" + secret_item.kind, {secret_item.pk, meeting_item.pk}),
        ("late=no", {secret_item.pk, meeting_item.pk}),
        (f"received_on__year={secret_item.received_on.year}", {secret_item.pk, meeting_item.pk}),
    ]:
        response = member_client.get(f"{ITEMS}?{query}")
        assert response.status_code == 200, query
        assert _listed(response) >= expected, query


def test_member_export_takes_the_same_lookups(member_client, secret_item):
    response = member_client.post(f"{EXPORT}?body__icontains=tribunal", {"format": "0", "resource": "0"})
    assert response.status_code == 400
    assert "You cannot filter evidence items by “body__icontains”" in response.content.decode()


def test_secretariat_may_still_filter_on_any_field(secretariat_client, secret_item):
    response = secretariat_client.get(f"{ITEMS}?body__icontains=tribunal")
    assert _listed(response) == {secret_item.pk}


def test_member_cannot_sort_by_a_submitter(rf, member_user, secretariat_user, secret_item):
    """Sorting by a hidden value reveals its order: a column showing the submitter is not sortable for
    members, and ?o= on it is ignored."""
    from django.contrib import admin

    from evidence.admin.policy import PolicyAdmin

    class ItemsBySubmitter(PolicyAdmin):
        list_display = ["title", "submitter"]

    model_admin = ItemsBySubmitter(EvidenceItem, admin.site)
    request = rf.get(ITEMS, {"o": "2"})
    request.user = member_user
    assert model_admin.get_sortable_by(request) == ["title"]
    assert "submitter" not in model_admin.get_changelist_instance(request).queryset.query.order_by
    request.user = secretariat_user
    assert model_admin.get_sortable_by(request) == ["title", "submitter"]
    assert "submitter" in model_admin.get_changelist_instance(request).queryset.query.order_by


@pytest.mark.parametrize("fmt", ["0", "9", "csv", "-1", ""])
def test_export_with_a_bad_format_in_the_address_is_a_clear_error(secretariat_client, fmt):
    response = secretariat_client.get(f"{EXPORT}?format={fmt}")
    assert response.status_code == 400
    text = response.content.decode()
    assert "“format” is not a filter of the evidence items list" in text
    assert "choose the file format on the export page" in text


def test_export_with_a_bad_posted_format_says_which_formats_exist(secretariat_client):
    response = secretariat_client.post(EXPORT, {"format": "9", "resource": "0"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("missing", [True, False])
def test_confidential_and_missing_files_look_the_same_to_members(member_client, settings, tmp_path, missing):
    settings.MEDIA_ROOT = tmp_path
    item = EvidenceItemFactory(
        attachment=SimpleUploadedFile("quillfeather-statement.pdf", pdf_bytes()),
        confidentiality=CONFIDENTIAL,
    )
    confidential = member_client.get(item.attachment.url)
    if missing:
        probe = member_client.get("/files/evidence/2023/11/no-such-file.pdf")
    else:
        item.attachment.storage.delete(item.attachment.name)
        item.confidentiality = EvidenceItem.Confidentiality.PUBLISHABLE
        item.save()
        probe = member_client.get(item.attachment.url)
    assert confidential.status_code == probe.status_code == 404
    assert confidential.content == probe.content
