import pytest
from django.db import connection
from django.urls import reverse

from evidence.admin.pagination import EstimatedCountPaginator
from evidence.models import EvidenceItem
from evidence.search import evidence_fulltext_filter
from tests.factories import EvidenceItemFactory

CHANGELIST = reverse("admin:evidence_evidenceitem_changelist")


def search(term):
    return set(evidence_fulltext_filter(EvidenceItem.objects.all(), term).values_list("title", flat=True))


@pytest.fixture
def items(db):
    EvidenceItemFactory(title="Tendering", summary="", body="The tender had no safeguards for claimants.")
    EvidenceItemFactory(title="Ombudsman", summary="Complaints to the ombudsman were ignored.", body="")
    EvidenceItemFactory(title="Unrelated", summary="", body="Nothing here.", submitter__name="Ada Lovelace")


@pytest.mark.django_db
def test_search_column_exists_only_on_postgresql(is_postgres):
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(cursor, "evidence_evidenceitem")
        ]
    assert ("search_vector" in columns) is is_postgres


@pytest.mark.postgres
def test_full_text_search_matches_word_forms_in_title_summary_and_body(items):
    assert search("safeguard") == {"Tendering"}
    assert search("complaint ombudsman") == {"Ombudsman"}
    assert search('"no safeguards" -ombudsman') == {"Tendering"}
    assert search("nothing-matches-this") == set()


@pytest.mark.postgres
def test_full_text_search_still_finds_references_and_submitters(items):
    reference = EvidenceItem.objects.get(title="Ombudsman").reference
    assert search(reference.lower()) == {"Ombudsman"}
    assert search("OAJ-000") == {"Tendering", "Ombudsman", "Unrelated"}
    assert search("lovel") == {"Unrelated"}


@pytest.mark.postgres
def test_admin_search_uses_full_text_search_on_postgresql(secretariat_client, items):
    text = secretariat_client.get(CHANGELIST, {"q": "safeguarding"}).content.decode()
    assert "Tendering" in text
    assert "Ombudsman" not in text


@pytest.mark.django_db
def test_admin_search_on_sqlite_keeps_substring_matching(secretariat_client, items, is_postgres):
    if is_postgres:
        pytest.skip("SQLite behaviour")
    text = secretariat_client.get(CHANGELIST, {"q": "safeguards for"}).content.decode()
    assert "Tendering" in text


@pytest.mark.postgres
def test_unfiltered_count_comes_from_statistics_and_filtered_counts_are_exact(items, monkeypatch):
    monkeypatch.setattr("evidence.admin.pagination.EXACT_BELOW", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE evidence_evidenceitem")
    EvidenceItemFactory.create_batch(2)
    assert EstimatedCountPaginator(EvidenceItem.objects.all(), 50).count == 3
    assert EstimatedCountPaginator(EvidenceItem.objects.filter(title__startswith="Evidence"), 50).count == 2


@pytest.mark.django_db
def test_small_tables_are_counted_exactly(items):
    assert EstimatedCountPaginator(EvidenceItem.objects.all(), 50).count == 3


@pytest.mark.postgres
def test_full_text_search_for_members_skips_identities_and_confidential_text(items, member_client):
    EvidenceItemFactory(
        title="Safeguarding file",
        summary="",
        body="The family lives at Maple Court.",
        confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL,
    )

    def member_search(term):
        response = member_client.get(CHANGELIST, {"q": term})
        return {item.title for item in response.context["cl"].result_list}

    assert member_search("Lovelace") == set()
    assert member_search("Maple Court") == set()
    assert member_search("Safeguarding") == {"Safeguarding file", "Tendering"}  # stemmed
    assert member_search("safeguards") == {"Tendering"}
    assert search("Lovelace") == {"Unrelated"}
    assert search("Maple Court") == {"Safeguarding file"}


def titles(response):
    return [item.title for item in response.context["cl"].result_list]


@pytest.mark.postgres
def test_search_results_come_most_relevant_first_with_highlighted_snippets(secretariat_client, items):
    EvidenceItemFactory(
        title="Safeguards audit",
        summary="Safeguards missing; safeguards promised.",
        body="Safeguards were removed from the contract <b>quietly</b>.",
    )

    response = secretariat_client.get(CHANGELIST, {"q": "safeguards"})
    page = response.content.decode()

    assert titles(response) == ["Safeguards audit", "Tendering"]
    assert "2 results, the most relevant first" in page
    assert "<mark>Safeguards</mark> were removed from the contract" in page
    assert "<b>quietly" not in page
    by_reference = secretariat_client.get(CHANGELIST, {"q": "safeguards", "o": "1"})  # column 1: reference
    assert titles(by_reference) == ["Tendering", "Safeguards audit"]


@pytest.mark.postgres
def test_counts_beyond_the_cap_say_so_and_list_the_newest_first(secretariat_client, items, monkeypatch):
    monkeypatch.setattr("evidence.search.COUNT_CAP", 2)
    EvidenceItemFactory(title="Newest", body="safeguards", received_on="2023-12-01")
    EvidenceItemFactory(title="Older", body="safeguards safeguards safeguards", received_on="2023-11-01")

    response = secretariat_client.get(CHANGELIST, {"q": "safeguards"})
    page = response.content.decode()

    assert "2+ results: the newest first (add words to rank them by relevance)" in page
    assert "2+ evidence items" in page
    assert titles(response)[0] == "Newest"


@pytest.mark.postgres
def test_members_snippets_and_order_never_come_from_confidential_text(items, member_client):
    secret = EvidenceItemFactory(
        title="Safeguarding file",
        summary="",
        body="Safeguarding at Maple Court, safeguarding again, safeguarding.",
        confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL,
    )

    def member_page():
        response = member_client.get(CHANGELIST, {"q": "safeguarding"})
        return titles(response), response.content.decode()

    order, page = member_page()
    assert "Maple Court" not in page and "<mark>Safeguarding</mark> file" in page
    secret.body = "Nothing about it."
    secret.save()
    assert member_page()[0] == order


@pytest.mark.postgres
def test_search_queries_do_not_grow_with_matches(secretariat_client, items, django_assert_num_queries):
    """session, user, permissions (user, group), the filters' choices (exclusion reasons, surveys,
    themes), submitters matching the term, the capped count, the page of items (+survey, submitter,
    organisation), the snippets of the page's rows, the date hierarchy's range and its periods,
    the unread count: the same at 3 and 40 matches."""
    secretariat_client.get(CHANGELIST, {"q": "safeguards"})
    with django_assert_num_queries(14):
        secretariat_client.get(CHANGELIST, {"q": "safeguards"})
    EvidenceItemFactory.create_batch(40, body="safeguards everywhere")
    with django_assert_num_queries(14):
        secretariat_client.get(CHANGELIST, {"q": "safeguards"})
