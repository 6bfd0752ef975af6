"""The dual-coding pages as people use them: the assign action, the conflict queue, resolving, the
agreement page (queries pinned at two sizes), and what a coder can see of an assigned item."""

import pytest
from django.urls import reverse

from coding import services
from coding.models import DualCodingAssignment
from evidence.models import Theme
from tests.factories import EvidenceItemFactory, ExcerptFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFLICTS = reverse("admin:coding_dualcodingassignment_conflicts")
AGREEMENT = reverse("admin:coding_dualcodingassignment_agreement")


def test_secretariat_assigns_selected_items_to_two_members(secretariat_client, coders):
    items = EvidenceItemFactory.create_batch(2)
    data = {"action": "assign_dual_coding", "_selected_action": [i.pk for i in items]}
    page = secretariat_client.post(reverse("admin:evidence_evidenceitem_changelist"), data)
    html = page.content.decode()
    assert "Assign for dual coding" in html and "coder-ada" in html
    assert f">{UserFactory(username='matrix-secretariat', role='Secretariat')}<" not in html  # codes nothing
    same = secretariat_client.post(
        reverse("admin:evidence_evidenceitem_changelist"),
        data | {"apply": "1", "coder_a": coders[0].pk, "coder_b": coders[0].pk},
    )
    assert "two different coders" in same.content.decode()
    assert not DualCodingAssignment.objects.exists()
    done = secretariat_client.post(
        reverse("admin:evidence_evidenceitem_changelist"),
        data | {"apply": "1", "coder_a": coders[0].pk, "coder_b": coders[1].pk},
    )
    assert done.status_code == 302
    assert DualCodingAssignment.objects.filter(coder_a=coders[0], coder_b=coders[1]).count() == 2


def test_members_get_neither_the_queue_the_agreement_nor_resolving(client, coded):
    assignment, _ = coded
    client.force_login(assignment.coder_a)
    for url in (
        CONFLICTS,
        AGREEMENT,
        reverse("admin:coding_dualcodingassignment_resolve", args=[assignment.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("admin:coding_dualcodingassignment_resolve", args=[assignment.pk])).status_code
        == 403
    )


def test_logged_out_visitors_are_sent_to_the_login(client, coded):
    assignment, _ = coded
    for url in (
        CONFLICTS,
        AGREEMENT,
        reverse("admin:coding_dualcodingassignment_finish", args=[assignment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_queue_shows_the_conflict_and_resolving_records_who(secretariat_client, secretariat_user, coded):
    assignment, excerpt = coded
    html = secretariat_client.get(CONFLICTS).content.decode()
    assert assignment.item.reference in html and "Dual transparency" in html
    assert html.count("✓ applied") == 2 and html.count("— not applied") == 2
    resolve = reverse("admin:coding_dualcodingassignment_resolve", args=[assignment.pk])
    theme_id = Theme.objects.get(name="Dual transparency").pk
    half = secretariat_client.post(resolve, {f"item-{theme_id}": "apply"})
    assert "1 left undecided" in half.content.decode()
    done = secretariat_client.post(
        resolve, {f"item-{theme_id}": "apply", f"{excerpt.pk}-{theme_id}": "leave"}
    )
    assert done.status_code == 302
    assignment.refresh_from_db()
    assert assignment.resolved_by == secretariat_user
    assert "Nothing waits for resolution" in secretariat_client.get(CONFLICTS).content.decode()
    assert "Resolved by" in secretariat_client.get(resolve).content.decode()


def test_a_bad_id_is_not_found(secretariat_client):
    for pk in ("999999", "abc"):
        assert secretariat_client.get(f"/admin/coding/dualcodingassignment/{pk}/resolve/").status_code == 404


def _dual_coded(count: int, secretariat_user, coders, themes):
    for _ in range(count):
        item = EvidenceItemFactory()
        excerpt = ExcerptFactory(item=item)
        [assignment] = services.assignment_create(
            items=[item], coder_a=coders[0], coder_b=coders[1], by=secretariat_user
        )
        services.codes_save(
            assignment=assignment,
            coder=coders[0],
            item_themes=themes[:2],
            excerpt_themes={excerpt: themes[2:]},
        )
        services.codes_save(assignment=assignment, coder=coders[1], item_themes=themes[:1], excerpt_themes={})
        for coder in coders:
            services.assignment_finish(assignment=assignment, coder=coder)


def test_conflict_queue_queries_do_not_grow(
    secretariat_client, secretariat_user, coders, themes, django_assert_num_queries
):
    """session, user, the user's own and group permissions, assignments with item and coders, their
    decisions with themes (and parents) and excerpts (and their items)."""
    _dual_coded(2, secretariat_user, coders, themes)
    with django_assert_num_queries(6):
        assert secretariat_client.get(CONFLICTS).status_code == 200
    _dual_coded(10, secretariat_user, coders, themes)
    with django_assert_num_queries(6):
        response = secretariat_client.get(CONFLICTS)
    assert response.content.decode().count("Resolve OAJ-") == 12


def test_agreement_page_queries_do_not_grow(
    secretariat_client, secretariat_user, coders, themes, django_assert_num_queries
):
    """session, user, own and group permissions, finished assignments, their decisions, the codebook."""
    _dual_coded(2, secretariat_user, coders, themes)
    with django_assert_num_queries(7):
        assert secretariat_client.get(AGREEMENT).status_code == 200
    _dual_coded(10, secretariat_user, coders, themes)
    with django_assert_num_queries(7):
        response = secretariat_client.get(AGREEMENT)
    assert "12 items dual-coded" in response.content.decode()


def test_agreement_page_shows_kappa_counts_method_and_na_with_reason(secretariat_client, coded):
    html = secretariat_client.get(AGREEMENT).content.decode()
    assert "1 item dual-coded" in html and "2 units" in html
    assert "<td>Dual transparency</td><td>0</td><td>1</td><td>1</td><td>0</td>" in html
    assert "-1.000" in html
    assert "n/a" in html and "chance agreement is 1" in html
    assert "pooled" in html.lower() or "pools" in html
    assert "Method." in html


def test_agreement_page_with_no_dual_coding_says_so_without_crashing(secretariat_client):
    html = secretariat_client.get(AGREEMENT).content.decode()
    assert "0 items dual-coded" in html and "no decisions yet" in html
