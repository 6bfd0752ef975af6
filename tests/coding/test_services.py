import pytest
from django.core.exceptions import ValidationError

from coding import selectors, services
from coding.models import CodingDecision, DualCodingAssignment, ResolvedCode
from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_assigning_needs_two_different_coders_who_may_code(coders, secretariat_user):
    item = EvidenceItemFactory()
    ada, _ = coders
    with pytest.raises(ValidationError, match="two different coders"):
        services.assignment_create(items=[item], coder_a=ada, coder_b=ada, by=secretariat_user)
    with pytest.raises(ValidationError, match="may not code"):
        services.assignment_create(items=[item], coder_a=ada, coder_b=secretariat_user, by=secretariat_user)
    assert not DualCodingAssignment.objects.exists()


def test_only_the_secretariat_and_chair_assign(coders):
    with pytest.raises(ValidationError, match="Only the secretariat"):
        services.assignment_create(
            items=[EvidenceItemFactory()], coder_a=coders[0], coder_b=coders[1], by=coders[0]
        )


def test_an_item_is_dual_coded_once_at_a_time_and_confidential_items_are_refused(
    assigned, coders, secretariat_user
):
    assignment, _ = assigned
    secret = EvidenceItemFactory(confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            items=[assignment.item, secret], coder_a=coders[0], coder_b=coders[1], by=secretariat_user
        )
    assert any("already being dual-coded" in m for m in refused.value.messages)
    assert any("confidential" in m for m in refused.value.messages)
    assert DualCodingAssignment.objects.count() == 1


def test_assignment_is_recorded_in_history_with_who(assigned, secretariat_user):
    assignment, _ = assigned
    record = assignment.history.get()
    assert record.history_user == secretariat_user and assignment.assigned_by == secretariat_user


def test_codes_stay_with_the_coder_and_never_reach_the_shared_themes(coded, themes):
    assignment, excerpt = coded
    item = assignment.item
    assert not item.themes.exists() and not excerpt.themes.exists()
    own = selectors.own_codes(assignment, assignment.coder_a)
    assert {t.name for t in own.item_themes} == {"Dual oversight", "Dual transparency"}
    assert [t.name for t in own.for_excerpt(excerpt.pk)] == ["Dual redress"]


def test_a_coder_cannot_change_codes_after_finishing_nor_code_anothers_item(coded, themes):
    assignment, _ = coded
    with pytest.raises(ValidationError, match="finished"):
        services.codes_save(
            assignment=assignment, coder=assignment.coder_a, item_themes=[], excerpt_themes={}
        )
    stranger = UserFactory(username="stranger", role="Member")
    with pytest.raises(ValidationError, match="not assigned to you"):
        services.codes_save(assignment=assignment, coder=stranger, item_themes=themes, excerpt_themes={})


def test_codes_for_an_excerpt_of_another_item_are_refused(assigned, coders, themes):
    assignment, _ = assigned
    from tests.factories import ExcerptFactory

    elsewhere = ExcerptFactory()
    with pytest.raises(ValidationError, match="not part of"):
        services.codes_save(
            assignment=assignment, coder=coders[0], item_themes=[], excerpt_themes={elsewhere: themes}
        )
    assert not CodingDecision.objects.exists()


def test_the_conflict_queue_shows_disagreements_side_by_side(coded, themes):
    _assignment, excerpt = coded
    [conflicts] = selectors.conflict_queue()
    rows = [(d.excerpt, d.theme.name, d.by_a, d.by_b) for d in conflicts.disagreements]
    assert rows == [(None, "Dual transparency", True, False), (excerpt, "Dual transparency", False, True)]
    assert sorted((e is None, t.name) for e, t in conflicts.agreed) == [
        (False, "Dual redress"),
        (True, "Dual oversight"),
    ]


def test_nothing_is_in_the_queue_until_both_finish(assigned, coders, themes):
    assignment, _ = assigned
    services.codes_save(assignment=assignment, coder=coders[0], item_themes=themes[:1], excerpt_themes={})
    services.assignment_finish(assignment=assignment, coder=coders[0])
    assert selectors.conflict_queue() == []


def test_resolving_writes_the_agreed_coding_through_the_audited_services(coded, secretariat_user):
    assignment, excerpt = coded
    item = assignment.item
    before = item.history.count(), excerpt.history.count()
    services.assignment_resolve(
        assignment=assignment,
        by=secretariat_user,
        choices={
            f"item-{_theme('Dual transparency')}": True,
            f"{excerpt.pk}-{_theme('Dual transparency')}": False,
        },
    )
    assert {t.name for t in item.themes.all()} == {"Dual oversight", "Dual transparency"}
    assert {t.name for t in excerpt.themes.all()} == {"Dual redress"}
    assert (item.history.count(), excerpt.history.count()) == (before[0] + 1, before[1] + 1)
    assert item.history.first().history_change_reason == "agreed dual coding"
    assignment.refresh_from_db()
    assert assignment.resolved_by == secretariat_user and assignment.resolved_at
    assert ResolvedCode.objects.filter(assignment=assignment).count() == 2
    assert selectors.conflict_queue() == []
    with pytest.raises(ValidationError, match="resolved already"):
        services.assignment_resolve(assignment=assignment, by=secretariat_user, choices={})


def _theme(name):
    from evidence.models import Theme

    return Theme.objects.get(name=name).pk


def test_every_disagreement_must_be_decided_and_only_by_a_resolver(coded, secretariat_user):
    assignment, _ = coded
    with pytest.raises(ValidationError, match="1 left undecided"):
        services.assignment_resolve(
            assignment=assignment, by=secretariat_user, choices={f"item-{_theme('Dual transparency')}": True}
        )
    with pytest.raises(ValidationError, match="Only the secretariat"):
        services.assignment_resolve(assignment=assignment, by=assignment.coder_a, choices={})
    assert not assignment.item.themes.exists()


def test_resolving_before_both_finish_is_refused(assigned, secretariat_user):
    assignment, _ = assigned
    with pytest.raises(ValidationError, match="Both coders must finish"):
        services.assignment_resolve(assignment=assignment, by=secretariat_user, choices={})


def test_agreement_report_counts_units_and_themes(coded, themes):
    """Units: the item and the excerpt (2). Ada: item {oversight, transparency}, excerpt {redress};
    Ben: item {oversight}, excerpt {redress, transparency}.
    oversight: both 1 (item), neither 1 (excerpt) → po 1, pe (1×1 + 1×1)/4 = 0.5, κ = 1.
    transparency: A only 1 (item), B only 1 (excerpt) → po 0, pe (1×1 + 1×1)/4 = 0.5, κ = −1.
    redress: both 1 (excerpt), neither 1 (item) → κ = 1."""
    report = selectors.agreement_report()
    rows = {row.theme.name: row.table for row in report.themes}
    assert (report.assignments, report.units) == (1, 2)
    assert (rows["Dual oversight"].both, rows["Dual oversight"].neither, rows["Dual oversight"].kappa) == (
        1,
        1,
        1,
    )
    assert (rows["Dual transparency"].a_only, rows["Dual transparency"].b_only) == (1, 1)
    assert rows["Dual transparency"].kappa == -1
    assert rows["Dual redress"].kappa == 1
    others = [table for name, table in rows.items() if not name.startswith("Dual ")]
    assert all(t.kappa is None and t.neither == 2 for t in others)  # nobody applied them
    assert report.overall.n == 2 * len(report.themes)


def test_excerpt_coded_on_the_reader_is_the_coders_own(assigned, coders, themes):
    from workbench.services import excerpt_code

    assignment, _ = assigned
    excerpt, _ = excerpt_code(
        item=assignment.item, by=coders[0], quote="Nobody explained how to complain.", themes=themes[2:]
    )
    assert not excerpt.themes.exists()
    assert [t.name for t in selectors.own_codes(assignment, coders[0]).for_excerpt(excerpt.pk)] == [
        "Dual redress"
    ]


def test_a_theme_merge_moves_coders_codes_without_clashing(coded, secretariat_user):
    """Ada applied both oversight and transparency to the item: after merging transparency into
    oversight she has oversight once (decisions are read as sets)."""
    from evidence.models import Theme
    from evidence.theme_services import theme_merge

    assignment, _ = coded
    theme_merge(
        source=Theme.objects.get(name="Dual transparency"),
        target=Theme.objects.get(name="Dual oversight"),
        by=secretariat_user,
    )
    own = selectors.own_codes(assignment, assignment.coder_a)
    assert [t.name for t in own.item_themes] == ["Dual oversight"]
    [conflicts] = selectors.conflict_queue()
    assert [(d.excerpt is None, d.theme.name) for d in conflicts.disagreements] == [(False, "Dual oversight")]
