import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from evidence.models import EvidenceItem, Excerpt, SurveyQuestion, Theme
from evidence.theme_services import theme_merge, theme_merge_preview, theme_split
from tests.factories import (
    EvidenceItemFactory,
    ExcerptFactory,
    MeetingFactory,
    SurveyQuestionFactory,
    ThemeFactory,
)


@pytest.fixture
def coded(db):
    """ "Procurment" (a typo) and "Procurement", with coding on both and on each."""
    typo, right = ThemeFactory(name="Procurment"), ThemeFactory(name="Procurement")
    world = type("Coded", (), {})()
    world.typo, world.right = typo, right
    world.only_typo = EvidenceItemFactory(themes=[typo])
    world.both = EvidenceItemFactory(themes=[typo, right])
    world.untouched = EvidenceItemFactory(themes=[right])
    world.excerpt = ExcerptFactory(item=world.untouched)
    world.excerpt.themes.set([typo])
    world.child = ThemeFactory(name="Framework agreements", parent=typo)
    world.question = SurveyQuestionFactory(theme=typo)
    world.meeting = MeetingFactory(theme=typo)
    return world


@pytest.mark.django_db
def test_merge_moves_every_item_excerpt_sub_theme_question_and_meeting(coded, secretariat_user):
    theme_merge(source=coded.typo, target=coded.right, by=secretariat_user)
    assert not Theme.objects.filter(pk=coded.typo.pk).exists()
    for item in (coded.only_typo, coded.both, coded.untouched):
        assert list(EvidenceItem.objects.get(pk=item.pk).themes.all()) == [coded.right]
    assert list(Excerpt.objects.get(pk=coded.excerpt.pk).themes.all()) == [coded.right]
    assert Theme.objects.get(pk=coded.child.pk).parent == coded.right
    assert SurveyQuestion.objects.get(pk=coded.question.pk).theme == coded.right
    coded.meeting.refresh_from_db()
    assert coded.meeting.theme == coded.right


@pytest.mark.django_db
def test_merge_leaves_one_history_row_per_changed_object_and_records_the_deletion(coded, secretariat_user):
    before = {item.pk: item.history.count() for item in (coded.only_typo, coded.both, coded.untouched)}
    theme_merge(source=coded.typo, target=coded.right, by=secretariat_user)
    reason = "theme “Procurment” merged into “Procurement”"
    for item in (coded.only_typo, coded.both):
        assert item.history.count() == before[item.pk] + 1
        latest = item.history.first()
        assert (latest.history_change_reason, latest.history_user) == (reason, secretariat_user)
        assert [row.theme_id for row in latest.themes.all()] == [coded.right.pk]
    assert coded.untouched.history.count() == before[coded.untouched.pk]
    assert coded.excerpt.history.first().history_change_reason == reason
    deleted = Theme.history.filter(id=coded.typo.pk).first()
    assert (deleted.history_type, deleted.history_change_reason) == ("-", reason)
    # The history of what was coded before the merge still names the old theme.
    before_merge = coded.only_typo.history.all()[1]
    assert {row.theme_id for row in before_merge.themes.all()} == {coded.typo.pk}


@pytest.mark.django_db
def test_preview_counts_what_will_move_and_changes_nothing(coded):
    preview = theme_merge_preview(source=coded.typo, target=coded.right)
    moves = {move.label: (move.count, move.already) for move in preview.moves}
    assert moves == {
        "evidence items": (2, 1),
        "excerpts": (1, 0),
        "sub-themes": (1, 0),
        "survey questions": (1, 0),
        "meetings": (1, 0),
    }
    assert preview.ok and Theme.objects.filter(pk=coded.typo.pk).exists()


@pytest.mark.django_db
def test_merge_refuses_itself_a_descendant_or_a_sub_theme_name_clash(coded, secretariat_user):
    ThemeFactory(name="Framework agreements", parent=coded.right)
    for source, target, message in [
        (coded.typo, coded.typo, "cannot be merged into itself"),
        (coded.typo, coded.child, "sits under “Procurment”: move it out first"),
        (coded.typo, coded.right, "already has a sub-theme named “Framework agreements”"),
    ]:
        with pytest.raises(ValidationError, match=message):
            theme_merge(source=source, target=target, by=secretariat_user)
    assert list(EvidenceItem.objects.get(pk=coded.only_typo.pk).themes.all()) == [coded.typo]


@pytest.mark.django_db
def test_admin_merge_shows_the_preview_before_merging(coded, secretariat_client):
    url = reverse("admin:evidence_theme_changelist")
    selected = {"action": "merge_selected", "_selected_action": [coded.typo.pk]}
    chooser = secretariat_client.post(url, selected).content.decode()
    assert 'name="target"' in chooser and 'name="apply"' not in chooser
    preview = secretariat_client.post(
        url, selected | {"target": coded.right.pk, "preview": "1"}
    ).content.decode()
    assert "<td>Evidence items</td><td>2</td><td>1</td>" in preview and 'name="apply"' in preview
    assert Theme.objects.filter(pk=coded.typo.pk).exists()
    done = secretariat_client.post(url, selected | {"target": coded.right.pk, "apply": "1"}, follow=True)
    assert "Merged “Procurment” into “Procurement”." in done.content.decode()
    assert not Theme.objects.filter(pk=coded.typo.pk).exists()


@pytest.mark.django_db
def test_admin_merge_shows_problems_and_offers_no_merge(coded, secretariat_client):
    url = reverse("admin:evidence_theme_changelist")
    selected = {"action": "merge_selected", "_selected_action": [coded.typo.pk], "target": coded.child.pk}
    page = secretariat_client.post(url, selected | {"apply": "1"}).content.decode()
    assert "move it out first" in page and 'name="apply"' not in page
    assert Theme.objects.filter(pk=coded.typo.pk).exists()


@pytest.mark.django_db
def test_split_moves_only_the_selected_excerpts_to_a_new_theme_beside_the_old(coded, secretariat_user):
    parent = ThemeFactory(name="Contracts")
    broad = ThemeFactory(name="Safeguards", parent=parent)
    moving, staying = ExcerptFactory.create_batch(2)
    for excerpt in (moving, staying):
        excerpt.themes.set([broad, coded.right])
    new = theme_split(
        source=broad, excerpts=Excerpt.objects.filter(pk=moving.pk), name="Break clauses", by=secretariat_user
    )
    assert (new.name, new.parent, new.slug) == ("Break clauses", parent, "break-clauses")
    assert set(Excerpt.objects.get(pk=moving.pk).themes.all()) == {new, coded.right}
    assert set(Excerpt.objects.get(pk=staying.pk).themes.all()) == {broad, coded.right}
    assert (
        moving.history.first().history_change_reason
        == "split from “Contracts › Safeguards” into “Contracts › Break clauses”"
    )
    with pytest.raises(ValidationError, match="already has a theme named “Break clauses”"):
        theme_split(
            source=broad,
            excerpts=Excerpt.objects.filter(pk=staying.pk),
            name="break clauses",
            by=secretariat_user,
        )


@pytest.mark.django_db
def test_admin_split_from_the_excerpt_list(coded, secretariat_client, member_user):
    url = reverse("admin:evidence_excerpt_changelist")
    selected = {"action": "split_to_new_theme", "_selected_action": [coded.excerpt.pk]}
    form = secretariat_client.post(url, selected).content.decode()
    assert f'<option value="{coded.typo.pk}">Procurment</option>' in form
    done = secretariat_client.post(
        url, selected | {"apply": "1", "source": coded.typo.pk, "name": "Open book accounting"}, follow=True
    )
    assert "Created “Open book accounting” and moved the selected excerpts to it." in done.content.decode()
    assert [t.name for t in Excerpt.objects.get(pk=coded.excerpt.pk).themes.all()] == ["Open book accounting"]
    member = Client()
    member.force_login(member_user)
    assert 'value="split_to_new_theme"' not in member.get(url).content.decode()
