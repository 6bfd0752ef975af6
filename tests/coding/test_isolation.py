"""A coder cannot see the other coder's codes on an assigned item through any page, filter or export
until both have finished; until then they also see their own codes in place of the shared ones."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from coding import services
from evidence.models import EvidenceItem, Excerpt
from evidence.resources import EvidenceItemResource
from tests.factories import EvidenceItemFactory, ExcerptFactory, ThemeFactory, UserFactory
from tests.privacy_checks import admin_export, export_text

pytestmark = pytest.mark.django_db

BODY = "The assessor never read the medical evidence. Nobody explained how to complain."


@pytest.fixture
def world(coders, secretariat_user):
    shared = ThemeFactory(name="Shared before", colour="#111111")
    adas = ThemeFactory(name="Ada's secret theme", colour="#222222")
    bens = ThemeFactory(name="Ben's own theme", colour="#333333")
    item = EvidenceItemFactory(title="Carer's submission", body=BODY, themes=[shared])
    excerpt = ExcerptFactory(item=item, quote="The assessor never read the medical evidence.")
    excerpt.themes.set([shared])
    [assignment] = services.assignment_create(
        items=[item], coder_a=coders[0], coder_b=coders[1], by=secretariat_user
    )
    ada, ben = coders
    services.codes_save(
        assignment=assignment, coder=ada, item_themes=[adas], excerpt_themes={excerpt: [adas]}
    )
    services.assignment_finish(assignment=assignment, coder=ada)
    services.codes_save(assignment=assignment, coder=ben, item_themes=[bens], excerpt_themes={})
    return {
        "assignment": assignment,
        "item": item,
        "excerpt": excerpt,
        "shared": shared,
        "adas": adas,
        "bens": bens,
    }


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def chip(theme) -> str:
    return f'data-colour="{theme.colour}">{escape(str(theme))}<'


def test_the_reader_shows_a_coder_only_their_own_codes(world, coders):
    ada, ben = coders
    item = world["item"]
    html = client_of(ben).get(reverse("admin:evidence_evidenceitem_code", args=[item.pk])).content.decode()
    assert chip(world["bens"]) in html
    assert chip(world["adas"]) not in html and chip(world["shared"]) not in html
    assert 'title="Shared before"' not in html and 'title="Ada&#x27;s secret theme"' not in html
    assert f'value="{world["adas"].pk}" checked' not in html and f'value="{world["bens"].pk}" checked' in html
    assert "I have finished coding this item" in html
    ada_html = (
        client_of(ada).get(reverse("admin:evidence_evidenceitem_code", args=[item.pk])).content.decode()
    )
    assert chip(world["adas"]) in ada_html and chip(world["bens"]) not in ada_html
    assert chip(world["shared"]) not in ada_html  # finished, but Ben has not: still only her own
    assert "waiting for coder-ben" in ada_html


def test_item_and_excerpt_pages_hide_the_shared_and_the_other_coders_codes(world, coders):
    _, ben = coders
    client = client_of(ben)
    for url in (
        reverse("admin:evidence_evidenceitem_change", args=[world["item"].pk]),
        reverse("admin:evidence_excerpt_change", args=[world["excerpt"].pk]),
    ):
        html = client.get(url).content.decode()
        assert "Shared before" not in html, url
        assert "Ada&#x27;s secret theme" not in html and "Ada's secret theme" not in html, url
    item_page = client.get(
        reverse("admin:evidence_evidenceitem_change", args=[world["item"].pk])
    ).content.decode()
    assert "Ben&#x27;s own theme" in item_page  # his own codes, in the dual-coding panel


def test_filters_exports_and_history_never_carry_the_other_coders_codes(world, coders):
    _, ben = coders
    client = client_of(ben)
    adas = world["adas"].pk
    items = client.get(reverse("admin:evidence_evidenceitem_changelist") + f"?themes__id__exact={adas}")
    assert items.status_code == 200 and world["item"].reference not in items.content.decode()
    excerpts = client.get(reverse("admin:evidence_excerpt_changelist") + f"?themes__id__exact={adas}")
    assert excerpts.status_code == 200 and "The assessor never read" not in excerpts.content.decode()
    for file_format in range(3):
        text = export_text(admin_export(client, EvidenceItem, EvidenceItemResource, file_format), file_format)
        assert "Ada's secret theme" not in text and world["item"].reference in text
    history = client.get(reverse("admin:evidence_evidenceitem_history", args=[world["item"].pk]))
    assert "Ada&#x27;s secret theme" not in history.content.decode()
    assert not Excerpt.objects.filter(themes=world["adas"]).exists()


def test_assignment_pages_show_members_only_their_own_assignments_and_no_codes(world, coders):
    _, ben = coders
    assignment = world["assignment"]
    page = client_of(ben).get(reverse("admin:coding_dualcodingassignment_change", args=[assignment.pk]))
    assert page.status_code == 200 and "Ada&#x27;s secret theme" not in page.content.decode()
    stranger = client_of(UserFactory(username="stranger", role="Member"))
    listing = stranger.get(reverse("admin:coding_dualcodingassignment_changelist")).content.decode()
    assert world["item"].title not in listing
    assert (
        stranger.get(reverse("admin:coding_dualcodingassignment_change", args=[assignment.pk])).status_code
        == 302
    )
    for view in ("code", "finish"):
        url = reverse(f"admin:coding_dualcodingassignment_{view}", args=[assignment.pk])
        assert stranger.post(url, {"item_theme": [world["adas"].pk]}).status_code == 404
        assert client_of(ben).get(url).status_code == 405  # posts only


def test_a_coder_saves_and_finishes_from_the_reader_forms(world, coders):
    _, ben = coders
    client = client_of(ben)
    assignment, excerpt = world["assignment"], world["excerpt"]
    code = reverse("admin:coding_dualcodingassignment_code", args=[assignment.pk])
    response = client.post(
        code,
        {
            "item_theme": [world["bens"].pk, "x", "999999"],
            "excerpts": [excerpt.pk, ExcerptFactory().pk],
            f"excerpt-{excerpt.pk}": [world["shared"].pk],
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Your codes for" in html and chip(world["shared"]) in html  # now his own code on the excerpt
    client.post(reverse("admin:coding_dualcodingassignment_finish", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.both_finished
    again = client.post(code, {"item_theme": []})
    assert "can no longer change" in client.get(again["Location"]).content.decode()
    assert list(world["item"].themes.all()) == [world["shared"]]  # nothing shared until resolved


def test_a_coders_reader_queries_do_not_grow_with_excerpts(
    world, coders, themes, django_assert_num_queries, is_postgres
):
    """The reader's own queries (tests/workbench/test_views.py; no theme suggestions for a coder) and,
    for a coder, the assignment (+coders), their own codes (+themes) and the codebook for the form.
    PostgreSQL adds the nearly-the-same-text duplicates (5 queries: in a savepoint with its time limit)
    and its suggestion candidate queries."""
    expected = 30 if is_postgres else 23
    _, ben = coders
    client, item = client_of(ben), world["item"]
    url = reverse("admin:evidence_evidenceitem_code", args=[item.pk])
    client.get(url)
    with django_assert_num_queries(expected):
        client.get(url)
    for i in range(10):
        excerpt = ExcerptFactory(item=item, quote=BODY[i : i + 12])
        services.codes_save(
            assignment=world["assignment"], coder=ben, item_themes=themes, excerpt_themes={excerpt: themes}
        )
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
