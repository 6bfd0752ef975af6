"""The reader page: reading, coding a passage, the queue links, and what members may see."""

import pytest
from django.urls import reverse

from evidence.models import AccessLogEntry, EvidenceItem, Excerpt
from recommendations.models import EvidenceLink
from tests.factories import EvidenceItemFactory, EvidenceLinkFactory, ExcerptFactory, ImportBatchFactory
from tests.workbench.conftest import BODY
from workbench.models import ReadMark

pytestmark = pytest.mark.django_db


def code_url(item, query=""):
    return reverse("admin:evidence_evidenceitem_code", args=[item.pk]) + query


def test_reader_shows_the_text_with_existing_excerpts_highlighted_in_place(
    member_client, submission, theme, recommendation
):
    excerpt = ExcerptFactory(item=submission, quote="The assessor never read the medical evidence.")
    excerpt.themes.set([theme])
    EvidenceLinkFactory(recommendation=recommendation, evidence=submission, excerpt=excerpt)

    page = member_client.get(code_url(submission)).content.decode()

    start = BODY.index("The assessor")
    assert (
        f'<mark class="excerpt" data-start="{start}" data-excerpts="{excerpt.pk}" data-colour="#aa3377" '
        f'title="Assessments &amp; entitlement">The assessor never read the medical evidence.</mark>'
    ) in page
    assert '<span data-start="0">We waited eleven weeks for a decision.\n\n</span>' in page
    assert "2.1 Assessors must read the medical evidence" in page
    assert 'id="coding-form"' in page


def test_survey_answers_are_shown_under_their_questions(member_client, survey_response, theme):
    ExcerptFactory(item=survey_response, quote="penalty clauses", page="q2").themes.set([theme])

    page = member_client.get(code_url(survey_response)).content.decode()

    assert page.index("q1. What happened?") < page.index("The contractor lost my file twice.")
    assert page.index("q2. What should change?") < page.index("Publish the contract")
    start = "Publish the contract's penalty clauses.".index("penalty")
    assert f'<mark class="excerpt" data-start="{start}"' in page


def test_selecting_a_passage_codes_it_with_themes_and_a_recommendation(
    member_client, member_user, submission, theme, recommendation
):
    start = BODY.index("Nobody explained")
    end = len(BODY)
    response = member_client.post(
        code_url(submission, "?kind__exact=written_submission"),
        {
            "quote": BODY[start:end],
            "block": "body",
            "start": start,
            "end": end,
            "themes": [theme.pk],
            "recommendation": recommendation.pk,
            "stance": "supports",
            "strength": 3,
            "note": "Complaints route unclear",
        },
    )

    excerpt = Excerpt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == code_url(
        submission, f"?kind__exact=written_submission#excerpt-{excerpt.pk}"
    )
    assert (excerpt.quote, excerpt.start_offset, excerpt.end_offset) == (
        "Nobody explained how to complain.",
        start,
        end,
    )
    assert list(excerpt.themes.all()) == [theme] and excerpt.created_by == member_user
    link = EvidenceLink.objects.get()
    assert (link.recommendation, link.evidence, link.excerpt, link.strength, link.tagged_by) == (
        recommendation,
        submission,
        excerpt,
        3,
        member_user,
    )
    assert {row.history_user for row in excerpt.history.all()} == {member_user}


def test_without_javascript_a_pasted_quote_is_found_in_the_answers(member_client, survey_response, theme):
    member_client.post(code_url(survey_response), {"quote": " lost my file twice ", "themes": [theme.pk]})

    excerpt = Excerpt.objects.get()
    assert (excerpt.quote, excerpt.page, excerpt.start_offset) == ("lost my file twice", "q1", None)


def test_a_quote_not_in_the_text_is_refused_with_what_to_do(member_client, submission, theme):
    response = member_client.post(code_url(submission), {"quote": "words nobody wrote", "themes": [theme.pk]})

    assert response.status_code == 200
    assert f"This passage is not in the text of {submission.reference}" in response.content.decode()
    assert not Excerpt.objects.exists()


def test_a_passage_needs_a_theme_or_a_recommendation(member_client, submission):
    response = member_client.post(code_url(submission), {"quote": "eleven weeks"})

    assert "Choose at least one theme or a recommendation" in response.content.decode()
    assert not Excerpt.objects.exists()


def test_stale_offsets_fall_back_to_the_quote(member_client, submission, theme):
    """The text was edited after the page loaded: the offsets point elsewhere, the quote still holds."""
    member_client.post(
        code_url(submission),
        {"quote": "eleven weeks", "block": "body", "start": 0, "end": 12, "themes": [theme.pk]},
    )

    excerpt = Excerpt.objects.get()
    assert (excerpt.quote, excerpt.start_offset) == ("eleven weeks", BODY.index("eleven weeks"))


def test_secretariat_codes_but_is_not_offered_recommendations(secretariat_client, submission, theme):
    page = secretariat_client.get(code_url(submission)).content.decode()
    assert 'id="coding-form"' in page and 'name="recommendation"' not in page


def test_viewing_marks_read_and_links_to_the_next_unread_in_the_same_filters(member_client, member_user):
    newest = EvidenceItemFactory(received_on="2023-11-20", kind=EvidenceItem.Kind.NEWS_ARTICLE)
    middle = EvidenceItemFactory(received_on="2023-11-10")
    oldest = EvidenceItemFactory(received_on="2023-11-01")
    ReadMark.objects.create(
        user=member_user, item=oldest, first_seen_at="2023-11-02T10:00Z", last_seen_at="2023-11-02T10:00Z"
    )

    page = member_client.get(code_url(newest)).content.decode()
    assert f"Next unread ({middle.reference})" in page
    assert "Previous" not in page
    filtered = member_client.get(
        code_url(middle, "?kind__exact=written_submission&body__regex=x")
    ).content.decode()
    assert "Nothing unread left in this queue." in filtered
    assert f"← Previous ({newest.reference})" not in filtered  # the news article is outside the filter
    assert set(ReadMark.objects.filter(user=member_user).values_list("item", flat=True)) == {
        newest.pk,
        middle.pk,
        oldest.pk,
    }


def test_next_unread_stays_in_the_import_batch(secretariat_client):
    batch = ImportBatchFactory()
    first, second = (
        EvidenceItemFactory(import_batch=batch, received_on=day) for day in ("2023-11-20", "2023-11-10")
    )
    EvidenceItemFactory(received_on="2023-11-15")  # between them, but from no batch

    page = secretariat_client.get(code_url(first, f"?import_batch__id__exact={batch.pk}")).content.decode()

    assert f"Next unread ({second.reference})" in page


def test_the_lists_reader_links_keep_its_filters_for_the_queue(member_client, submission):
    submission.kind = EvidenceItem.Kind.WRITTEN_SUBMISSION
    submission.save()
    listing = member_client.get("/admin/evidence/evidenceitem/?kind__exact=written_submission&o=1")

    assert code_url(submission, "?kind__exact=written_submission") in listing.content.decode()


def test_revisiting_keeps_the_first_seen_time(member_client, member_user, submission):
    member_client.get(code_url(submission))
    first = ReadMark.objects.get()
    member_client.get(code_url(submission))
    again = ReadMark.objects.get()
    assert again.first_seen_at == first.first_seen_at and again.last_seen_at > first.last_seen_at


def test_mark_unread_puts_the_item_back_and_moves_on(member_client, member_user):
    older = EvidenceItemFactory(received_on="2023-11-01")
    item = EvidenceItemFactory(received_on="2023-11-20")
    member_client.get(code_url(item))

    response = member_client.post(reverse("admin:evidence_evidenceitem_code_unread", args=[item.pk]))

    assert response["Location"] == code_url(older)
    assert not ReadMark.objects.filter(item=item).exists()
    assert (
        member_client.get(reverse("admin:evidence_evidenceitem_code_unread", args=[item.pk])).status_code
        == 405
    )


def test_confidential_item_says_hidden_to_members_and_cannot_be_quoted(member_client, confidential_world):
    item = confidential_world.confidential_item

    page = member_client.get(code_url(item)).content.decode()
    response = member_client.post(code_url(item), {"quote": "Maple Court", "themes": []})

    assert "hidden: confidential" in page
    assert item.title in page
    for secret in confidential_world.secrets:
        assert secret not in page
    assert 'id="coding-form"' not in page
    assert response.status_code == 403
    assert Excerpt.objects.filter(item=item).count() == 1


def test_member_sees_no_protected_identity_on_an_ordinary_item(member_client, confidential_world):
    page = member_client.get(code_url(confidential_world.item)).content.decode()
    assert "From Anonymous respondent" in page
    assert "Up to 18 different contact officers" in page
    assert not any(secret in page for secret in confidential_world.secrets)


def test_secretariat_reads_confidential_text_and_the_view_is_logged(secretariat_client, confidential_world):
    page = secretariat_client.get(code_url(confidential_world.confidential_item)).content.decode()
    assert "Maple Court safeguarding file 7731" in page and "Perpetua Quillfeather" in page
    assert set(AccessLogEntry.objects.values_list("what", flat=True)) >= {
        "evidence.evidenceitem",
        "evidence.submitter",
    }


def test_logged_out_visitors_go_to_the_login_page(client, submission):
    response = client.get(code_url(submission))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(code_url(submission), {"quote": "eleven weeks"}).status_code == 302
    assert not Excerpt.objects.exists()


@pytest.mark.parametrize("object_id", ["999999", "abc"])
def test_unknown_items_are_not_found(member_client, object_id):
    assert member_client.get(f"/admin/evidence/evidenceitem/{object_id}/code/").status_code == 404


def test_reader_is_linked_from_the_list_and_the_item_page(member_client, submission):
    assert code_url(submission) in member_client.get("/admin/evidence/evidenceitem/").content.decode()
    change = member_client.get(reverse("admin:evidence_evidenceitem_change", args=[submission.pk]))
    assert code_url(submission) in change.content.decode()


def test_reader_queries_do_not_grow_with_excerpts_or_queue(
    member_client, submission, theme, recommendation, django_assert_num_queries, is_postgres
):
    """session, user, item (+survey, submitter), item themes, answers, excerpts, their themes, their
    links (+recommendation), read-mark upsert, next unread, previous, form's theme and recommendation
    choices, permissions (user + group), items with the same text (possible duplicates) and, on
    PostgreSQL, nearly the same text (in a savepoint with its time limit set and put back: 4 more);
    suggestions: similar coded items (SQLite: the pool and its
    answers, then the neighbours; PostgreSQL: the newest themed and linked item ids, the ranked
    neighbours among them, then them), their themes,
    excerpts (+themes), links (+recommendation), answers, the item's links; the open dual-coding
    assignment the reader codes (none here)."""

    def add(n):
        EvidenceItemFactory.create_batch(
            n, received_on="2023-10-01", body="The assessor ignored the medical evidence.", themes=[theme]
        )
        for i in range(n):
            excerpt = ExcerptFactory(item=submission, quote=BODY[i : i + 10])
            excerpt.themes.set([theme])
            EvidenceLinkFactory(recommendation=recommendation, evidence=submission, excerpt=excerpt)

    expected = 32 if is_postgres else 26
    add(2)
    member_client.get(code_url(submission))
    with django_assert_num_queries(expected):
        member_client.get(code_url(submission))
    add(20)
    with django_assert_num_queries(expected):
        member_client.get(code_url(submission))


def test_unread_by_me_filter_and_count_on_the_evidence_list(member_client, member_user):
    read, unread = EvidenceItemFactory(title="Already read"), EvidenceItemFactory(title="Still to read")
    member_client.get(code_url(read))

    page = member_client.get("/admin/evidence/evidenceitem/?read=no").content.decode()

    assert "Unread by me (1)" in page
    assert unread.title in page and read.title not in page
    assert read.title in member_client.get("/admin/evidence/evidenceitem/?read=yes").content.decode()
