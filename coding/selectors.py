"""Reads of dual coding shared by the reader page, the item pages, the conflict queue, the agreement
page and the report's annex."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q, QuerySet

from coding.agreement import Table, pooled, table
from coding.models import CodingDecision, DualCodingAssignment
from evidence.models import EvidenceItem, Excerpt, Theme

CODE_PERMISSION = ("coding", "code_dualcodingassignment")
CODE_PERM_NAME = ".".join(CODE_PERMISSION)


def coder_choices() -> QuerySet:
    """Active users who may code dual-coding assignments (members and the chair), by username."""
    permission = Permission.objects.filter(
        content_type__app_label=CODE_PERMISSION[0], codename=CODE_PERMISSION[1]
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("username")
    )


def open_assignment(item: EvidenceItem, user) -> DualCodingAssignment | None:
    """The unresolved assignment of `item` that `user` codes, if any (no query for users who do not
    code: their permissions are cached on the request's user)."""
    if not user.is_authenticated or not user.has_perm(CODE_PERM_NAME):
        return None
    return (
        DualCodingAssignment.objects.filter(item=item, resolved_at__isnull=True)
        .filter(Q(coder_a=user) | Q(coder_b=user))
        .select_related("coder_a", "coder_b")
        .first()
    )


def hides_shared_codes(assignment: DualCodingAssignment | None) -> bool:
    """A coder sees only their own codes on the item until both coders have finished."""
    return assignment is not None and not assignment.both_finished


@dataclass
class OwnCodes:
    item_themes: list = field(default_factory=list)
    excerpt_themes: dict = field(default_factory=dict)  # excerpt id → [Theme]

    def for_excerpt(self, excerpt_id: int) -> list:
        return self.excerpt_themes.get(excerpt_id, [])


def own_codes(assignment: DualCodingAssignment, user) -> OwnCodes:
    """`user`'s own theme applications on the assignment's item and its excerpts (1 query)."""
    codes = OwnCodes()
    decisions = (
        CodingDecision.objects.filter(assignment=assignment, coder=user)
        .select_related("theme__parent")
        .order_by("theme__order", "theme__name")
    )
    seen = set()
    for decision in decisions:
        if (decision.excerpt_id, decision.theme_id) in seen:  # two themes merged into one
            continue
        seen.add((decision.excerpt_id, decision.theme_id))
        if decision.excerpt_id is None:
            codes.item_themes.append(decision.theme)
        else:
            codes.excerpt_themes.setdefault(decision.excerpt_id, []).append(decision.theme)
    return codes


# ---- The conflict queue -------------------------------------------------------------------------


@dataclass
class Disagreement:
    excerpt: Excerpt | None
    theme: Theme
    by_a: bool
    by_b: bool

    @property
    def key(self) -> str:
        """The form field name of this disagreement on the resolve page."""
        return f"{self.excerpt.pk if self.excerpt else 'item'}-{self.theme.pk}"


@dataclass
class Conflicts:
    assignment: DualCodingAssignment
    disagreements: list[Disagreement]
    agreed: list[tuple[Excerpt | None, Theme]]


def _sort_key(pair):
    excerpt, theme = pair
    return (excerpt is not None, excerpt.pk if excerpt else 0, theme.order, theme.name)


def conflicts_of(assignment: DualCodingAssignment, decisions) -> Conflicts:
    """Side by side: what one coder applied and the other did not, per item and per excerpt."""
    excerpts, themes, applied = {}, {}, {assignment.coder_a_id: set(), assignment.coder_b_id: set()}
    for decision in decisions:
        excerpts[decision.excerpt_id] = decision.excerpt
        themes[decision.theme_id] = decision.theme
        applied.setdefault(decision.coder_id, set()).add((decision.excerpt_id, decision.theme_id))
    by_a, by_b = applied[assignment.coder_a_id], applied[assignment.coder_b_id]
    disagreements = [
        Disagreement(excerpts[e], themes[t], (e, t) in by_a, (e, t) in by_b)
        for e, t in sorted(by_a ^ by_b, key=lambda k: _sort_key((excerpts[k[0]], themes[k[1]])))
    ]
    agreed = sorted(((excerpts[e], themes[t]) for e, t in by_a & by_b), key=_sort_key)
    return Conflicts(assignment, disagreements, agreed)


def _with_decisions(queryset: QuerySet) -> QuerySet:
    decisions = CodingDecision.objects.select_related("theme__parent", "excerpt__item")
    return queryset.select_related("item", "coder_a", "coder_b", "resolved_by").prefetch_related(
        Prefetch("decisions", queryset=decisions)
    )


def conflict_queue() -> list[Conflicts]:
    """Assignments both coders have finished and nobody has resolved yet, oldest first, with their
    disagreements (2 queries: assignments, decisions with their themes and excerpts)."""
    waiting = DualCodingAssignment.objects.filter(
        a_finished_at__isnull=False, b_finished_at__isnull=False, resolved_at__isnull=True
    ).order_by("assigned_at", "id")
    return [conflicts_of(a, a.decisions.all()) for a in _with_decisions(waiting)]


def assignment_conflicts(pk) -> Conflicts | None:
    assignment = _with_decisions(DualCodingAssignment.objects.filter(pk=pk)).first()
    return None if assignment is None else conflicts_of(assignment, assignment.decisions.all())


# ---- Agreement ----------------------------------------------------------------------------------


@dataclass
class ThemeAgreement:
    theme: Theme
    table: Table


@dataclass
class AgreementReport:
    assignments: int
    resolved: int
    units: int
    themes: list[ThemeAgreement]
    overall: Table

    @property
    def used(self) -> bool:
        return self.assignments > 0

    @property
    def applied_themes(self) -> list[ThemeAgreement]:
        """The themes either coder applied somewhere (the report's annex lists only these)."""
        return [row for row in self.themes if row.table.both + row.table.a_only + row.table.b_only]


def agreement_report() -> AgreementReport:
    """Cohen's kappa per theme and pooled over every unit × theme decision, over the assignments both
    coders have finished (resolved or not: agreement is measured on the independent coding). The units
    of an assignment are its item and every excerpt of it that either coder coded; every theme of the
    codebook is a decision on every unit. 3 queries: assignments, decisions, themes (1 when there
    are no finished assignments)."""
    finished = DualCodingAssignment.objects.filter(a_finished_at__isnull=False, b_finished_at__isnull=False)
    coders = {
        pk: (a, b, resolved)
        for pk, a, b, resolved in finished.values_list("pk", "coder_a_id", "coder_b_id", "resolved_at")
    }
    if not coders:
        return AgreementReport(assignments=0, resolved=0, units=0, themes=[], overall=Table())
    units, applied = set(), defaultdict(lambda: (set(), set()))
    decisions = CodingDecision.objects.filter(assignment_id__in=list(coders)).values_list(
        "assignment_id", "coder_id", "excerpt_id", "theme_id"
    )
    units.update((pk, None) for pk in coders)
    for assignment_id, coder_id, excerpt_id, theme_id in decisions:
        unit = (assignment_id, excerpt_id)
        units.add(unit)
        coder_a, coder_b, _ = coders[assignment_id]
        if coder_id in (coder_a, coder_b):
            applied[theme_id][0 if coder_id == coder_a else 1].add(unit)
    rows = [
        ThemeAgreement(theme, table(units, *applied[theme.pk]))
        for theme in Theme.objects.select_related("parent")
    ]
    return AgreementReport(
        assignments=len(coders),
        resolved=sum(1 for *_, resolved in coders.values() if resolved),
        units=len(units),
        themes=rows,
        overall=pooled(row.table for row in rows),
    )


# ---- What a coder sees on the reader and item pages ---------------------------------------------


@dataclass
class CoderView:
    assignment: DualCodingAssignment
    user: object
    own: OwnCodes
    themes: list

    @property
    def hides_shared(self) -> bool:
        return hides_shared_codes(self.assignment)

    @property
    def finished_at(self):
        return self.assignment.finished_at(self.user)

    @property
    def may_code(self) -> bool:
        return self.finished_at is None and self.assignment.resolved_at is None

    @property
    def other_coder(self):
        a = self.assignment
        return a.coder_b if self.user.pk == a.coder_a_id else a.coder_a

    @property
    def own_item_theme_ids(self) -> set[int]:
        return {theme.pk for theme in self.own.item_themes}

    def own_excerpt_theme_ids(self, excerpt_id: int) -> set[int]:
        return {theme.pk for theme in self.own.for_excerpt(excerpt_id)}


def coder_view(item: EvidenceItem, user) -> CoderView | None:
    """For a coder of the item's open assignment: their own codes and the codebook (3 queries);
    None for everyone else (1 query)."""
    assignment = open_assignment(item, user)
    if assignment is None:
        return None
    themes = list(Theme.objects.select_related("parent")) if assignment.finished_at(user) is None else []
    return CoderView(assignment=assignment, user=user, own=own_codes(assignment, user), themes=themes)


def report_agreement() -> AgreementReport | None:
    """The agreement for the report's annex, or None when no item was dual-coded by both coders
    (1 query then; 3 otherwise)."""
    report = agreement_report()
    return report if report.used else None
