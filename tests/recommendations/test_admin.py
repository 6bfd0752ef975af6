import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import EvidenceLink, Recommendation, RecommendationTransition
from tests.factories import (
    EvidenceItemFactory,
    EvidenceLinkFactory,
    ExcerptFactory,
    RecommendationFactory,
)
from tests.recommendations.admin_forms import change_form_data

CHANGELIST = reverse("admin:recommendations_recommendation_changelist")
Status = Recommendation.Status
Stance = EvidenceLink.Stance


def change_url(rec):
    return reverse("admin:recommendations_recommendation_change", args=[rec.pk])


def make_recommendations(count, links):
    """`count` recommendations sharing `links` supporting/contradicting links round-robin."""
    recs = RecommendationFactory.create_batch(count)
    items = EvidenceItemFactory.create_batch(max(1, links // count))
    made = 0
    for item in items:
        for rec in recs:
            if made == links:
                return recs
            stance = Stance.SUPPORTS if made % 3 else Stance.CONTRADICTS
            EvidenceLink.objects.create(recommendation=rec, evidence=item, stance=stance)
            made += 1
    return recs


@pytest.mark.django_db
def test_changelist_counts_links_by_stance_in_constant_queries(member_client, django_assert_num_queries):
    """session, user, user and group permissions (2), chapter filter choices, count, page of
    recommendations with chapter and lead member joined and the three stance counts annotated."""
    make_recommendations(3, 10)
    with django_assert_num_queries(7) as small:
        response = member_client.get(CHANGELIST)
    assert response.content.count(b'class="action-select"') == 3
    make_recommendations(27, 190)
    with django_assert_num_queries(len(small.captured_queries)):
        response = member_client.get(CHANGELIST)
    assert response.content.count(b'class="action-select"') == 30


@pytest.mark.django_db
def test_changelist_shows_counts_of_distinct_items_per_stance(member_client):
    rec = RecommendationFactory(title="Counted recommendation")
    item = EvidenceItemFactory(body="first quote and second quote")
    EvidenceLinkFactory(recommendation=rec, evidence=item)
    EvidenceLinkFactory(recommendation=rec, evidence=item, excerpt=item.excerpts.create(quote="second quote"))
    EvidenceLinkFactory(recommendation=rec, stance=Stance.CONTRADICTS)
    response = member_client.get(CHANGELIST, {"o": "-5"})  # most supported first
    row = response.content.decode().split("Counted recommendation")[-1].split("</tr>")[0]
    assert '<td class="field-supporting">1</td>' in row
    assert '<td class="field-contradicting">1</td>' in row
    assert '<td class="field-context">0</td>' in row


@pytest.mark.django_db
def test_second_of_two_concurrent_saves_is_refused_and_keeps_what_was_typed(client, member_user, chair_user):
    rec = RecommendationFactory(title="Original title", text="Original text")
    client.force_login(member_user)
    first_page = client.get(change_url(rec))
    client.force_login(chair_user)
    second_page = client.get(change_url(rec))
    first = change_form_data(first_page) | {"title": "Title from the first editor"}
    second = change_form_data(second_page) | {"text": "Text typed by the second editor"}
    assert first["version"].version == second["version"].version == 1

    client.force_login(member_user)
    assert client.post(change_url(rec), first).status_code == 302
    client.force_login(chair_user)
    refused = client.post(change_url(rec), second)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Saved by someone else while you were editing" in page
    assert "Title from the first editor" in page and "saved by mem at" in page
    assert "Text typed by the second editor" in page  # still in the form
    assert 'name="version" value="2:1:' in page
    rec.refresh_from_db()
    assert (rec.title, rec.text, rec.version) == ("Title from the first editor", "Original text", 2)
    assert rec.history.count() == 2

    # Saving the same form again applies only the second editor's change: the title stays the first's.
    version = refused.context["adminform"].form.data["version"]
    assert client.post(change_url(rec), second | {"version": version}).status_code == 302
    rec.refresh_from_db()
    assert (rec.title, rec.text, rec.version) == (
        "Title from the first editor",
        "Text typed by the second editor",
        3,
    )


@pytest.mark.django_db
def test_member_tags_an_excerpt_inline_and_is_recorded_as_tagger(member_client, member_user, chair_user):
    rec = RecommendationFactory()
    excerpt = ExcerptFactory()
    data = change_form_data(member_client.get(change_url(rec)))
    data |= {
        "links-2-TOTAL_FORMS": "1",
        "links-2-0-evidence": "",
        "links-2-0-excerpt": excerpt.pk,
        "links-2-0-stance": Stance.SUPPORTS,
        "links-2-0-strength": "3",
        "links-2-0-note": "Shows the gap",
        "links-2-0-tagged_by": chair_user.pk,  # ignored: not a form field
    }
    response = member_client.post(change_url(rec), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    link = EvidenceLink.objects.get()
    assert (link.evidence, link.excerpt, link.strength, link.tagged_by) == (
        excerpt.item,
        excerpt,
        3,
        member_user,
    )


@pytest.mark.django_db
def test_change_form_queries_do_not_grow_with_links(member_client, django_assert_num_queries):
    """session, user, recommendation, permissions (2), its stakeholders, workflow steps with users,
    the links' summary by stance, the newest links with evidence/excerpt/tagger joined, chapter
    choices, lead member choices: the same at 5 and 45 links."""
    rec = RecommendationFactory()
    items = EvidenceItemFactory.create_batch(5)
    for item in items:
        EvidenceLinkFactory(recommendation=rec, evidence=item, excerpt=item.excerpts.create(quote="Full"))
    member_client.get(change_url(rec))
    with django_assert_num_queries(11):
        assert member_client.get(change_url(rec)).status_code == 200
    for item in EvidenceItemFactory.create_batch(40):
        EvidenceLinkFactory(recommendation=rec, evidence=item)
    with django_assert_num_queries(11):
        member_client.get(change_url(rec))


def _links_page(client, rec):
    response = client.get(change_url(rec))
    return response, [form.instance for form in response.context["inline_admin_formsets"][0].formset.forms]


@pytest.mark.django_db
def test_the_page_edits_the_newest_links_and_sums_up_all_of_them(member_client):
    rec = RecommendationFactory()
    links = [
        EvidenceLinkFactory(recommendation=rec, stance=Stance.CONTRADICTS if n % 5 == 0 else Stance.SUPPORTS)
        for n in range(25)
    ]

    response, shown = _links_page(member_client, rec)
    page = " ".join(response.content.decode().split())

    assert shown == sorted(links, key=lambda link: (link.tagged_at, link.pk), reverse=True)[:10]
    assert "25 evidence links: 20 supporting, 5 contradicting, 0 context." in page
    all_links_url = f"/admin/recommendations/evidencelink/?recommendation__id__exact={rec.pk}"
    assert f'The newest 10 are below; <a href="{all_links_url}">see and filter all 25</a>' in page
    all_links = member_client.get(all_links_url)
    assert all_links.context["cl"].result_count == 25


@pytest.mark.django_db
def test_saving_edits_the_links_the_form_showed_even_if_more_were_tagged_since(member_client):
    rec = RecommendationFactory()
    EvidenceLinkFactory.create_batch(20, recommendation=rec, note="")
    response, shown = _links_page(member_client, rec)
    data = change_form_data(response) | {"links-0-note": "Edited in the first tab"}
    other = RecommendationFactory()
    elsewhere = EvidenceLinkFactory(recommendation=other, note="Not yours")
    newer = EvidenceLinkFactory(recommendation=rec, note="Tagged meanwhile")
    data |= {"links-1-id": elsewhere.pk, "links-1-note": "Hijacked"}  # a hand-made id: another's link

    assert member_client.post(change_url(rec), data).status_code == 302
    assert EvidenceLink.objects.get(pk=shown[0].pk).note == "Edited in the first tab"
    assert EvidenceLink.objects.get(pk=newer.pk).note == "Tagged meanwhile"
    assert EvidenceLink.objects.get(pk=elsewhere.pk).note == "Not yours"


@pytest.mark.django_db
def test_member_is_offered_withdraw_but_not_agree(member_client):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    page = member_client.get(change_url(rec)).content.decode()
    assert "Withdraw…" in page
    assert "Move to Agreed…" not in page


@pytest.mark.django_db
def test_chair_agrees_through_the_transition_page(client, chair_user):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec)
    client.force_login(chair_user)
    url = reverse("admin:recommendations_recommendation_transition", args=[rec.pk])
    assert "Move to" in client.get(url, {"to": Status.AGREED}).content.decode()
    response = client.post(url, {"to": Status.AGREED, "reason": "Agreed in March"}, follow=True)
    assert f"{rec.number} is now Agreed." in response.content.decode()
    step = RecommendationTransition.objects.get()
    assert (step.to_status, step.by, step.reason) == (Status.AGREED, chair_user, "Agreed in March")


@pytest.mark.django_db
def test_transition_page_explains_why_it_cannot_agree(chair_client):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    url = reverse("admin:recommendations_recommendation_transition", args=[rec.pk])
    response = chair_client.post(url, {"to": Status.AGREED, "reason": ""})
    assert "cannot be agreed without supporting evidence" in response.content.decode()
    assert Recommendation.objects.get(pk=rec.pk).status == Status.UNDER_DISCUSSION


@pytest.mark.django_db
def test_member_cannot_post_a_chair_step_to_the_transition_page(member_client):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec)
    url = reverse("admin:recommendations_recommendation_transition", args=[rec.pk])
    response = member_client.post(url, {"to": Status.AGREED})
    assert "Only the Chair can agree a recommendation." in response.content.decode()  # issue 20
    assert Recommendation.objects.get(pk=rec.pk).status == Status.UNDER_DISCUSSION


@pytest.mark.django_db
def test_changelist_action_reports_refusals(chair_client):
    ready = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=ready)
    unsupported = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    response = chair_client.post(
        CHANGELIST,
        {"action": "move_to_agreed", "_selected_action": [ready.pk, unsupported.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 recommendation(s) moved to Agreed." in text
    assert f"{unsupported.number}: A recommendation cannot be agreed without supporting evidence" in text


@pytest.mark.django_db
def test_members_do_not_get_the_chair_actions(member_client):
    RecommendationFactory()
    actions = member_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "move_to_draft" in names
    assert not {"move_to_agreed", "move_to_published"} & names


@pytest.mark.django_db
def test_history_diff_shows_word_changes(member_client, member_user):
    rec = RecommendationFactory(text="Authorities should publish data.")
    rec.text = "Authorities must publish monthly data."
    services.recommendation_update(recommendation=rec, by=member_user, expected_version=1)
    history = member_client.get(reverse("admin:recommendations_recommendation_history", args=[rec.pk]))
    latest = rec.history.latest()
    diff_url = reverse("admin:recommendations_recommendation_history_diff", args=[rec.pk, latest.history_id])
    assert diff_url in history.content.decode()
    page = member_client.get(diff_url).content.decode()
    assert "<del>should</del><ins>must</ins>" in page
    assert "<ins>monthly </ins>" in page or "<ins>monthly</ins>" in page


@pytest.mark.django_db
def test_secretariat_can_view_but_not_edit(secretariat_client):
    rec = RecommendationFactory()
    response = secretariat_client.get(change_url(rec))
    assert response.status_code == 200
    assert "Withdraw…" not in response.content.decode()


@pytest.mark.django_db
def test_member_adds_a_recommendation_as_an_idea(member_client, member_user):
    chapter = RecommendationFactory(number="2.1").chapter
    add = reverse("admin:recommendations_recommendation_add")
    data = change_form_data(member_client.get(add)) | {
        "number": "2.7",
        "title": "Model clauses on reasons",
        "chapter": chapter.pk,
        "text": "Government should publish model clauses.",
    }
    assert member_client.post(add, data).status_code == 302
    rec = Recommendation.objects.get(number="2.7")
    assert (rec.status, rec.version, rec.position) == (Status.IDEA, 1, 7)
    assert rec.history.get().history_user == member_user


@pytest.mark.django_db
def test_admin_refuses_a_number_from_another_chapter(member_client):
    chapter = RecommendationFactory(number="2.1").chapter
    add = reverse("admin:recommendations_recommendation_add")
    data = change_form_data(member_client.get(add)) | {
        "number": "3.1",
        "title": "Misfiled",
        "chapter": chapter.pk,
        "text": "Text.",
    }
    response = member_client.post(add, data)
    assert "Recommendation numbers in chapter 2 start with 2., e.g. 2.1." in response.content.decode()
    assert not Recommendation.objects.filter(number="3.1").exists()


@pytest.mark.django_db
def test_chair_deletes_selected_recommendations_with_their_links(chair_client, chair_user):
    rec = RecommendationFactory()
    EvidenceLinkFactory(recommendation=rec)
    response = chair_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [rec.pk], "post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not Recommendation.objects.exists()
    assert not EvidenceLink.objects.exists()
    assert Recommendation.history.latest().history_user == chair_user


@pytest.mark.django_db
def test_reverting_to_an_earlier_version_saves_it_as_a_new_version(member_client, member_user):
    rec = RecommendationFactory(title="First wording")
    rec.title = "Second wording"
    services.recommendation_update(recommendation=rec, by=member_user, expected_version=1)
    first = rec.history.earliest()
    url = reverse("admin:recommendations_recommendation_simple_history", args=[rec.pk, first.history_id])
    data = change_form_data(member_client.get(url))
    assert data["version"].version == 2
    assert member_client.post(url, data).status_code == 302
    rec.refresh_from_db()
    assert (rec.title, rec.version) == ("First wording", 3)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.AGREED, Status.IN_REPORT])
def test_member_cannot_rewrite_agreed_wording(member_client, status):
    rec = RecommendationFactory(status=status, text="Agreed wording.")
    data = change_form_data(member_client.get(change_url(rec))) | {"text": "A member's new wording."}
    refused = member_client.post(change_url(rec), data)
    assert refused.status_code == 200
    assert "can only be amended by the Chair" in refused.content.decode()
    rec.refresh_from_db()
    assert rec.text == "Agreed wording."


@pytest.mark.django_db
def test_member_may_still_change_the_lead_member_of_an_agreed_recommendation(member_client, member_user):
    rec = RecommendationFactory(status=Status.AGREED)
    data = change_form_data(member_client.get(change_url(rec))) | {"lead_member": member_user.pk}
    assert member_client.post(change_url(rec), data).status_code == 302
    rec.refresh_from_db()
    assert rec.lead_member == member_user


@pytest.mark.django_db
def test_chair_amends_agreed_wording_with_a_reason_recorded_as_a_step(chair_client, chair_user):
    rec = RecommendationFactory(status=Status.AGREED, text="Agreed wording.")
    data = change_form_data(chair_client.get(change_url(rec))) | {"text": "Amended wording."}
    without_reason = chair_client.post(change_url(rec), data)
    assert "Say why the agreed text is being amended" in without_reason.content.decode()
    assert Recommendation.objects.get(pk=rec.pk).text == "Agreed wording."

    data["amend_reason"] = "Typo found by the drafting group"
    assert chair_client.post(change_url(rec), data).status_code == 302
    rec.refresh_from_db()
    assert (rec.text, rec.status) == ("Amended wording.", Status.AGREED)
    step = rec.transitions.get()
    assert (step.from_status, step.to_status, step.by) == (Status.AGREED, Status.AGREED, chair_user)
    assert "Typo found by the drafting group" in step.reason
    assert rec.history.latest().history_change_reason.startswith("amend agreed wording")
