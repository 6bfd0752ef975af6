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
