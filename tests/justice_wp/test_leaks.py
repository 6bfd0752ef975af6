"""Members must never see a confidential submitter's identity or a confidential item's text: every
page they can reach (tests/privacy_checks.py MEMBER_PAGES) and every export (MEMBER_EXPORTS) is
rendered and searched for them."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.privacy_checks import (
    MEMBER_EXPORTS,
    MEMBER_PAGES,
    admin_exports,
    admin_pages,
    docx_text,
    download_exports,
    leaks,
    recommendation_pages,
    xlsx_text,
)


@pytest.mark.django_db
def test_no_member_page_leaks_a_confidential_submitter(member_client, confidential_world):
    world = confidential_world
    reached = 0
    found = {}
    for pages in MEMBER_PAGES:
        for url in pages(world):
            response = member_client.get(url, follow=True)
            assert response.status_code in (200, 403, 404), url
            reached += response.status_code == 200
            if leaked := leaks(response.content, world, url):
                found[url] = leaked
    assert found == {}, "\n".join(f"{url}: {secrets}" for url, secrets in found.items())
    assert reached > 40  # the member really saw pages, not a wall of 403s


@pytest.mark.django_db
def test_no_member_export_leaks_a_confidential_submitter(member_client, confidential_world):
    for export in MEMBER_EXPORTS:
        assert leaks(export(member_client, confidential_world), confidential_world) == [], export.__name__


@pytest.mark.django_db
def test_member_exports_carry_the_world_they_are_searched_for(member_client, confidential_world):
    """The export leak test is not blind: the files hold the evidence, the citations and the meeting."""
    world = confidential_world
    exported = admin_exports(member_client, world)
    assert exported.count(world.confidential_item.reference) >= 6  # items and recommendations, 3 formats
    assert "Anonymous respondent" in exported
    assert "Up to 18 different contact officers" in exported  # anonymised evidence is readable
    downloads = download_exports(member_client, world)
    assert world.recommendation.number in downloads  # matrix and report
    assert f"{world.confidential_item.reference}, confidential" in downloads  # cited, not quoted
    assert "“Up to 18 different contact officers”" in downloads  # the report's footnote quote
    assert "Contact service testimony" in downloads  # the meeting's agenda in the calendar files


@pytest.mark.django_db
def test_member_pages_show_the_report_and_matrix_they_are_searched_for(member_client, confidential_world):
    world = confidential_world
    responses = [member_client.get(url) for url in recommendation_pages(world)]
    assert [response.status_code for response in responses] == [200] * len(responses)
    text = "".join(response.content.decode() for response in responses)
    assert world.recommendation.number in text
    assert f"{world.confidential_item.reference}, confidential" in text  # report preview citation
    assert "Anonymous respondent" in text  # the publishable item's source, named for the public
    assert "<ins>" in text  # the history diff shows the recommendation's text change


@pytest.mark.django_db
def test_commands_without_identities_do_not_leak(confidential_world, tmp_path):
    """export_evidence without --include-identities, and build_report (HTML and Word, final and draft),
    are files that leave the secretariat: nothing in them may name the submitter or quote the
    confidential item."""
    world = confidential_world
    outputs = {}
    for dataset in ["evidence", "recommendations", "links"]:
        for file_format in ["csv", "xlsx", "json"]:
            out = tmp_path / f"{dataset}.{file_format}"
            call_command("export_evidence", "--format", file_format, "-o", str(out), "--dataset", dataset)
            content = out.read_bytes()
            outputs[out.name] = xlsx_text(content) if file_format == "xlsx" else content.decode("utf-8-sig")
    for file_format in ["html", "docx"]:
        for draft in [[], ["--draft"]]:
            out = tmp_path / f"report{len(draft)}.{file_format}"
            call_command("build_report", "--format", file_format, "-o", str(out), *draft)
            content = out.read_bytes()
            outputs[out.name] = docx_text(content) if file_format == "docx" else content.decode()
    assert {name: leaks(text, world) for name, text in outputs.items() if leaks(text, world)} == {}
    assert world.confidential_item.reference in outputs["evidence.csv"]
    assert f"{world.confidential_item.reference}, confidential" in outputs["report0.docx"]
    assert "“Up to 18 different contact officers”" in outputs["report0.html"]


@pytest.mark.django_db
def test_the_secretariat_export_does_carry_identity_and_confidential_text(
    secretariat_client, confidential_world, tmp_path
):
    world = confidential_world
    exported = admin_exports(secretariat_client, world)
    for secret in ["Perpetua Quillfeather", "perpetua.q@private.example", "Maple Court"]:
        assert exported.count(secret) >= 3, secret  # CSV, XLSX and JSON
    out = tmp_path / "evidence.json"
    call_command("export_evidence", "--format", "json", "-o", str(out), "--include-identities")
    rows = {row["reference"]: row for row in json.loads(out.read_bytes())}
    assert rows[world.confidential_item.reference]["submitter"] == "Perpetua Quillfeather"
    assert "Maple Court" in rows[world.confidential_item.reference]["body"]


@pytest.mark.django_db
def test_anonymous_visitors_see_nothing(client, confidential_world):
    world = confidential_world
    for pages in MEMBER_PAGES:
        for url in pages(world):
            response = client.get(url, follow=True)
            assert leaks(response.content, world, url) == [], url
    for url in [reverse("recommendations_report_docx"), reverse("recommendations:matrix_csv")]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
def test_the_secretariat_does_see_the_identity(secretariat_client, confidential_world):
    """The leak check is not blind: the same pages show the identity to those allowed to see it."""
    world = confidential_world
    urls = [url for url in admin_pages(world) if "?q=" not in url]
    text = "".join(secretariat_client.get(url).content.decode() for url in urls)
    assert world.submitter.name in text
    assert world.submitter.email in text
    assert "Maple Court" in text


@pytest.mark.django_db
def test_member_sees_the_public_label_and_the_evidence_itself(member_client, confidential_world):
    world = confidential_world
    listing = member_client.get(reverse("admin:evidence_evidenceitem_changelist")).content.decode()
    assert "Anonymous respondent" in listing
    assert world.item.reference in listing and world.confidential_item.reference in listing
    page = member_client.get(
        reverse("admin:evidence_evidenceitem_change", args=[world.item.pk])
    ).content.decode()
    assert "Up to 18 different contact officers" in page  # anonymised evidence is readable
    page = member_client.get(
        reverse("admin:evidence_evidenceitem_change", args=[world.confidential_item.pk])
    ).content.decode()
    assert "Safeguarding file" in page  # the item exists for them, its text does not


@pytest.mark.django_db
def test_member_search_does_not_find_items_by_submitter_or_confidential_text(
    member_client, confidential_world
):
    world = confidential_world
    changelist = reverse("admin:evidence_evidenceitem_changelist")
    for term in ["Quillfeather", "perpetua.q@private.example", "Maple Court"]:
        text = member_client.get(changelist, {"q": term}).content.decode()
        assert world.item.reference not in text and world.confidential_item.reference not in text, term
    assert world.item.reference in member_client.get(changelist, {"q": "contact officers"}).content.decode()


@pytest.mark.django_db
def test_member_cannot_revert_through_the_history_form(member_client, confidential_world):
    """django-simple-history saves a history-form POST for anyone who may view the object."""
    world = confidential_world
    version = world.meeting.history.first()
    url = reverse("admin:meetings_meeting_simple_history", args=[world.meeting.pk, version.history_id])
    response = member_client.post(url, {"title": "Hijacked", "_change_history": "1"})
    assert response.status_code == 403
    world.meeting.refresh_from_db()
    assert world.meeting.title != "Hijacked"
