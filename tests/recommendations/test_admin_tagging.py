import pytest
from django.urls import reverse

from evidence.models import Excerpt
from recommendations.models import EvidenceLink
from tests.factories import EvidenceItemFactory, EvidenceLinkFactory, RecommendationFactory, ThemeFactory

EVIDENCE_CHANGELIST = reverse("admin:evidence_evidenceitem_changelist")
Stance = EvidenceLink.Stance


@pytest.mark.django_db
def test_tag_action_asks_for_recommendation_stance_and_strength_then_tags(member_client, member_user):
    rec = RecommendationFactory(number="3.2", title="Transparency duties follow public money")
    items = EvidenceItemFactory.create_batch(2)
    selected = {"action": "tag_to_recommendation", "_selected_action": [item.pk for item in items]}
    confirmation = member_client.post(EVIDENCE_CHANGELIST, selected)
    page = confirmation.content.decode()
    assert "Tag these items" in page
    assert "3.2 Transparency duties follow public money" in page
    assert not EvidenceLink.objects.exists()

    response = member_client.post(
        EVIDENCE_CHANGELIST,
        selected | {"apply": "1", "recommendation": rec.pk, "stance": Stance.CONTRADICTS, "strength": "3"},
        follow=True,
    )
    assert "2 item(s) tagged to 3.2 (contradicts)." in response.content.decode()
    links = EvidenceLink.objects.all()
    assert {(link.evidence_id, link.stance, link.strength, link.tagged_by) for link in links} == {
        (item.pk, Stance.CONTRADICTS, 3, member_user) for item in items
    }


@pytest.mark.django_db
def test_tag_action_names_items_already_tagged(member_client):
    rec = RecommendationFactory(number="1.1")
    tagged, fresh = EvidenceItemFactory.create_batch(2)
    EvidenceLinkFactory(recommendation=rec, evidence=tagged)
    response = member_client.post(
        EVIDENCE_CHANGELIST,
        {
            "action": "tag_to_recommendation",
            "_selected_action": [tagged.pk, fresh.pk],
            "apply": "1",
            "recommendation": rec.pk,
            "stance": Stance.SUPPORTS,
            "strength": "2",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "1 item(s) tagged to 1.1 (supports)." in text
    assert f"Already tagged to 1.1, left as they were: {tagged.reference}" in text
    assert EvidenceLink.objects.count() == 2


@pytest.mark.django_db
def test_tag_action_is_not_offered_to_the_secretariat(secretariat_client):
    EvidenceItemFactory()
    choices = secretariat_client.get(EVIDENCE_CHANGELIST).context["action_form"].fields["action"].choices
    assert "tag_to_recommendation" not in {name for name, _ in choices}


@pytest.mark.django_db
def test_evidence_page_lists_the_recommendations_citing_it(member_client):
    item = EvidenceItemFactory(body="Monitoring relied on the provider's own figures.")
    excerpt = Excerpt.objects.create(item=item, quote="the provider's own figures")
    agreed = RecommendationFactory(number="3.1", title="Monitor with independent data")
    EvidenceLinkFactory(recommendation=agreed, evidence=item, excerpt=excerpt, strength=3)
    other = RecommendationFactory(number="1.2", title="Weigh past performance")
    EvidenceLinkFactory(recommendation=other, evidence=item, stance=Stance.CONTEXT, strength=1)
    page = member_client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk])).content.decode()
    assert "Cited by" in page
    assert "3.1 Monitor with independent data</a> – supports, strong (excerpt: “the provider" in page
    assert "1.2 Weigh past performance</a> – context, weak" in page
    assert page.index("1.2 Weigh past performance") < page.index("3.1 Monitor")


@pytest.mark.django_db
def test_evidence_page_says_when_nothing_cites_it(member_client):
    item = EvidenceItemFactory()
    page = member_client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk])).content.decode()
    assert "Not yet tagged to any recommendation." in page


@pytest.mark.django_db
def test_link_list_filters_used_by_the_matrix(member_client):
    rec = RecommendationFactory()
    theme_item = EvidenceItemFactory(title="Item with the theme")
    theme = ThemeFactory()
    theme_item.themes.add(theme)
    EvidenceLinkFactory(recommendation=rec, evidence=theme_item)
    EvidenceLinkFactory(recommendation=rec, evidence=EvidenceItemFactory(title="Item without it"))
    response = member_client.get(
        reverse("admin:recommendations_evidencelink_changelist"),
        {
            "recommendation__id__exact": rec.pk,
            "stance__exact": "supports",
            "evidence__themes__id__exact": theme.pk,
        },
    )
    text = response.content.decode()
    assert theme_item.reference in text
    assert "Item without it" not in text
