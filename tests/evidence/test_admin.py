import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.text import Truncator

from evidence.models import EvidenceItem, Excerpt, ExclusionReason
from tests.factories import EvidenceItemFactory, OrganisationFactory, SurveyFactory, ThemeFactory

CHANGELIST = reverse("admin:evidence_evidenceitem_changelist")
ADD = reverse("admin:evidence_evidenceitem_add")
Status = EvidenceItem.Status


def add_form(**overrides):
    data = {
        "title": "Submission from a law centre",
        "kind": EvidenceItem.Kind.WRITTEN_SUBMISSION,
        "received_on": "2023-11-30",
        "confidentiality": EvidenceItem.Confidentiality.PUBLISHABLE,
        "summary": "",
        "body": "The contract had no safeguards for claimants.",
        "excerpts-TOTAL_FORMS": "0",
        "excerpts-INITIAL_FORMS": "0",
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        "move_to": "",
        "move_reason": "",
    }
    return data | overrides


def change_form(item, **overrides):
    return (
        add_form(
            title=item.title,
            kind=item.kind,
            received_on=item.received_on.isoformat(),
            body=item.body,
            **{"answers-INITIAL_FORMS": "0"},
        )
        | overrides
    )


@pytest.mark.django_db
def test_changelist_queries_do_not_grow_with_items(secretariat_client, django_assert_num_queries):
    """session, user, user and group permissions (2), exclusion reason, survey and theme (+parent)
    filter choices (3), the "Unread by me" count (workbench), count, page of items with
    survey/submitter/organisation joined, date hierarchy min/max and days (2).
    No full result count: show_full_result_count is off."""
    EvidenceItemFactory.create_batch(5)
    with django_assert_num_queries(12) as small:
        assert secretariat_client.get(CHANGELIST).status_code == 200
    EvidenceItemFactory.create_batch(45)
    with django_assert_num_queries(len(small.captured_queries)):
        response = secretariat_client.get(CHANGELIST)
    assert response.content.count(b'class="action-select"') == 50


@pytest.mark.django_db
def test_changelist_queries_do_not_grow_with_survey_responses(secretariat_client, django_assert_num_queries):
    """As above: each row's survey and its submitter's organisation come joined to the page of items,
    not one query per row (the privacy rules' select_related once switched that join off)."""
    survey = SurveyFactory()
    for _ in range(3):
        EvidenceItemFactory(
            kind=EvidenceItem.Kind.SURVEY_RESPONSE,
            survey=survey,
            submitter__organisation=OrganisationFactory(),
        )
    with django_assert_num_queries(12) as small:
        assert secretariat_client.get(CHANGELIST).status_code == 200
    for _ in range(30):
        EvidenceItemFactory(
            kind=EvidenceItem.Kind.SURVEY_RESPONSE,
            survey=survey,
            submitter__organisation=OrganisationFactory(),
        )
    with django_assert_num_queries(len(small.captured_queries)):
        response = secretariat_client.get(CHANGELIST)
    assert response.content.decode().count(survey.name) >= 33


@pytest.mark.django_db
def test_search_runs_constant_queries_and_finds_by_submitter(
    secretariat_client, django_assert_num_queries, is_postgres
):
    """As the changelist, plus on PostgreSQL (full-text search) the matching submitters' ids and the
    snippets of the page's rows (the capped count stands in for the list's count)."""
    EvidenceItemFactory.create_batch(5)
    target = EvidenceItemFactory(submitter__name="Florence Nightingale-Smith")
    with django_assert_num_queries(14 if is_postgres else 12) as small:
        response = secretariat_client.get(CHANGELIST, {"q": "Nightingale"})
    assert target.reference in response.content.decode()
    EvidenceItemFactory.create_batch(45)
    with django_assert_num_queries(len(small.captured_queries)):
        secretariat_client.get(CHANGELIST, {"q": "Nightingale"})


@pytest.mark.django_db
def test_change_form_queries_do_not_grow_with_excerpts(
    secretariat_client, django_assert_num_queries, is_postgres
):
    """session, user, permissions (2), item, survey and exclusion reason choices (2), submitter, the item's
    M2Ms (themes, sectors, public bodies, providers), excerpts with item, excerpt themes (prefetch),
    links of the recommendations citing it ("Cited by"), the publication decision and the redactions
    (the "Publication" panel), possible duplicates (same text, same submitter and, on PostgreSQL,
    nearly the same text in a savepoint with its time limit: 5 queries, workbench). Not a survey
    response: no answers query."""
    item = EvidenceItemFactory(body="x" * 200)
    for n in range(5):
        Excerpt.objects.create(item=item, quote="x" * (n + 1))
    url = reverse("admin:evidence_evidenceitem_change", args=[item.pk])
    secretariat_client.get(url)  # warm the content-type cache used by the excerpts' change links
    with django_assert_num_queries(24 if is_postgres else 19) as small:
        assert secretariat_client.get(url).status_code == 200
    for n in range(45):
        Excerpt.objects.create(item=item, quote="x" * (n + 6))
    with django_assert_num_queries(len(small.captured_queries)):
        secretariat_client.get(url)


@pytest.mark.django_db
def test_secretariat_logs_an_item_in_the_admin(secretariat_client, secretariat_user):
    theme = ThemeFactory()
    response = secretariat_client.post(ADD, add_form(themes=[theme.pk]))
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.reference == "OAJ-0001"
    assert item.created_by == secretariat_user
    assert list(item.themes.all()) == [theme]
    assert item.history.first().history_user == secretariat_user


@pytest.mark.django_db
def test_admin_refuses_a_future_date_and_saves_nothing(secretariat_client):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = secretariat_client.post(ADD, add_form(received_on=tomorrow))
    assert response.status_code == 200
    assert "The received date cannot be in the future." in response.content.decode()
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("script.exe", b"MZ"), "File extension “exe” is not allowed"),
        (SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 100), "the limit is 50"),
    ],
)
def test_admin_refuses_bad_attachments(secretariat_client, settings, upload, message):
    settings.EVIDENCE_ATTACHMENT_MAX_BYTES = 50
    response = secretariat_client.post(ADD, add_form(attachment=upload))
    assert message in response.content.decode()
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_change_form_moves_the_item_along_the_workflow(secretariat_client):
    item = EvidenceItemFactory()
    url = reverse("admin:evidence_evidenceitem_change", args=[item.pk])
    assert secretariat_client.post(url, change_form(item, move_to=Status.TRIAGED)).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.TRIAGED


@pytest.mark.django_db
def test_change_form_refuses_exclusion_without_reason(secretariat_client):
    item = EvidenceItemFactory()
    url = reverse("admin:evidence_evidenceitem_change", args=[item.pk])
    response = secretariat_client.post(url, change_form(item, title="Edited", move_to=Status.EXCLUDED))
    assert "Choose a reason for excluding this item." in response.content.decode()
    other = ExclusionReason.objects.get(name="Other")
    response = secretariat_client.post(
        url, change_form(item, title="Edited", move_to=Status.EXCLUDED, move_exclusion_reason=other.pk)
    )
    assert "Say why: the reason “Other” needs a note." in response.content.decode()
    original_title = item.title
    item.refresh_from_db()
    assert (item.status, item.title) == (Status.RECEIVED, original_title)


@pytest.mark.django_db
def test_mark_reviewed_action_reports_items_it_cannot_move(secretariat_client):
    ready = EvidenceItemFactory(status=Status.TRIAGED)
    too_early = EvidenceItemFactory(status=Status.RECEIVED)
    response = secretariat_client.post(
        CHANGELIST, {"action": "mark_reviewed", "_selected_action": [ready.pk, too_early.pk]}, follow=True
    )
    text = response.content.decode()
    assert "1 item(s) moved to Reviewed." in text
    assert f"{too_early.reference}: Cannot move an item from Received to Reviewed" in text
    ready.refresh_from_db()
    too_early.refresh_from_db()
    assert (ready.status, too_early.status) == (Status.REVIEWED, Status.RECEIVED)


@pytest.mark.django_db
def test_exclude_action_asks_for_a_reason_then_excludes(secretariat_client):
    items = EvidenceItemFactory.create_batch(2)
    selected = {"action": "exclude_selected", "_selected_action": [item.pk for item in items]}
    confirmation = secretariat_client.post(CHANGELIST, selected)
    assert "Exclude these items" in confirmation.content.decode()
    assert not EvidenceItem.objects.filter(status=Status.EXCLUDED).exists()

    other = ExclusionReason.objects.get(name="Other")
    without_note = secretariat_client.post(
        CHANGELIST, selected | {"apply": "1", "exclusion_reason": other.pk}
    )
    assert "Say why: the reason “Other” needs a note." in without_note.content.decode()
    assert not EvidenceItem.objects.filter(status=Status.EXCLUDED).exists()

    secretariat_client.post(
        CHANGELIST, selected | {"apply": "1", "exclusion_reason": other.pk, "note": "Off-topic chatter"}
    )
    excluded = EvidenceItem.objects.filter(status=Status.EXCLUDED)
    assert excluded.count() == 2
    assert set(excluded.values_list("exclusion_reason__name", "status_reason")) == {
        ("Other", "Off-topic chatter")
    }
    assert excluded.first().history.first().history_change_reason == "excluded: Other – Off-topic chatter"


@pytest.mark.django_db
def test_change_form_excludes_with_a_listed_reason(secretariat_client):
    item = EvidenceItemFactory()
    duplicate = ExclusionReason.objects.get(name="Duplicate")
    url = reverse("admin:evidence_evidenceitem_change", args=[item.pk])
    response = secretariat_client.post(
        url, change_form(item, move_to=Status.EXCLUDED, move_exclusion_reason=duplicate.pk)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.exclusion_reason, item.status_reason) == (Status.EXCLUDED, duplicate, "")


@pytest.mark.django_db
def test_late_filter_lists_items_after_the_deadline(secretariat_client):
    late = EvidenceItemFactory(received_on=datetime.date(2023, 12, 11))
    on_time = EvidenceItemFactory(received_on=datetime.date(2023, 12, 4))
    text = secretariat_client.get(CHANGELIST, {"late": "yes"}).content.decode()
    assert late.reference in text
    assert on_time.reference not in text


def test_evidence_list_cuts_long_titles_and_keeps_them_on_hover(secretariat_client):
    """Issue 20: titles wrapped to 5–7 lines at 1400 px; the list shows 60 characters."""
    long_title = "Written submission from Northside Law Centre on the accuracy of outsourced assessments " * 2
    item = EvidenceItemFactory(title=long_title.strip())
    page = secretariat_client.get(CHANGELIST).content.decode()
    assert f'title="{item.title}"' in page
    assert Truncator(item.title).chars(60) in page
