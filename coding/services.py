"""Writes of dual coding: assign, code, finish, resolve. Atomic; the assignment's steps are in its
history (who assigned, finished, resolved and when); the agreed coding reaches the item and its
excerpts through evidence's audited services."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coding.models import CodingDecision, DualCodingAssignment, ResolvedCode
from coding.selectors import CODE_PERM_NAME, assignment_conflicts
from editing.services import actor, audited_save
from evidence import privacy
from evidence import services as evidence_services
from evidence.models import EvidenceItem, Excerpt


@transaction.atomic
def assignment_create(*, items: Iterable[EvidenceItem], coder_a, coder_b, by) -> list[DualCodingAssignment]:
    """Give each item to `coder_a` and `coder_b` to code independently. All or nothing: an item
    already being dual-coded, or one a coder may not read, refuses the lot with the reason."""
    if not by.has_perm("coding.add_dualcodingassignment"):
        raise ValidationError("Only the secretariat and the chair assign items for dual coding.")
    if coder_a.pk == coder_b.pk:
        raise ValidationError("Choose two different coders.")
    for coder in (coder_a, coder_b):
        if not coder.is_active or not coder.has_perm(CODE_PERM_NAME):
            raise ValidationError(f"{coder} may not code dual-coding assignments.")
    items = list(items)
    problems = []
    busy = set(
        DualCodingAssignment.objects.filter(item__in=items, resolved_at__isnull=True).values_list(
            "item_id", flat=True
        )
    )
    for item in items:
        if item.pk in busy:
            problems.append(f"{item.reference} is already being dual-coded.")
        elif not all(privacy.can_see_body(coder, item) for coder in (coder_a, coder_b)):
            problems.append(f"{item.reference} is confidential: a coder could not read it.")
    if problems:
        raise ValidationError(problems)
    now, created = timezone.now(), []
    for item in items:
        assignment = DualCodingAssignment(
            item=item, coder_a=coder_a, coder_b=coder_b, assigned_by=actor(by), assigned_at=now
        )
        created.append(audited_save(assignment, by=by, reason="assigned for dual coding"))
    return created


def _check_coding(assignment: DualCodingAssignment, coder) -> None:
    if not assignment.is_coder(coder):
        raise ValidationError(f"{assignment.item.reference} is not assigned to you for dual coding.")
    if assignment.resolved_at or assignment.finished_at(coder):
        raise ValidationError(
            f"You have finished coding {assignment.item.reference}: your codes can no longer change."
        )


def _locked(assignment: DualCodingAssignment) -> DualCodingAssignment:
    return DualCodingAssignment.objects.select_for_update().select_related("item").get(pk=assignment.pk)


@transaction.atomic
def codes_save(
    *, assignment: DualCodingAssignment, coder, item_themes: Iterable, excerpt_themes: dict
) -> None:
    """Replace `coder`'s codes on the item and on the excerpts given (excerpt → themes); excerpts not
    given keep their codes. Excerpts must belong to the item."""
    assignment = _locked(assignment)
    _check_coding(assignment, coder)
    foreign = [e for e in excerpt_themes if e.item_id != assignment.item_id]
    if foreign:
        raise ValidationError(f"Excerpt {foreign[0].pk} is not part of {assignment.item.reference}.")
    mine = CodingDecision.objects.filter(assignment=assignment, coder=coder)
    mine.filter(excerpt__isnull=True).delete()
    mine.filter(excerpt__in=list(excerpt_themes)).delete()
    now = timezone.now()
    rows = [
        CodingDecision(assignment=assignment, coder=coder, theme=t, coded_at=now) for t in set(item_themes)
    ]
    rows += [
        CodingDecision(assignment=assignment, coder=coder, theme=t, excerpt=excerpt, coded_at=now)
        for excerpt, themes in excerpt_themes.items()
        for t in set(themes)
    ]
    CodingDecision.objects.bulk_create(rows)


@transaction.atomic
def excerpt_codes_add(*, assignment: DualCodingAssignment, coder, excerpt: Excerpt, themes: Iterable) -> None:
    """Add `coder`'s `themes` to an excerpt they have just quoted (the reader page's coding form)."""
    assignment = _locked(assignment)
    _check_coding(assignment, coder)
    if excerpt.item_id != assignment.item_id:
        raise ValidationError(f"Excerpt {excerpt.pk} is not part of {assignment.item.reference}.")
    had = set(
        CodingDecision.objects.filter(assignment=assignment, coder=coder, excerpt=excerpt).values_list(
            "theme_id", flat=True
        )
    )
    now = timezone.now()
    CodingDecision.objects.bulk_create(
        [
            CodingDecision(assignment=assignment, coder=coder, theme=t, excerpt=excerpt, coded_at=now)
            for t in set(themes)
            if t.pk not in had
        ]
    )


@transaction.atomic
def assignment_finish(*, assignment: DualCodingAssignment, coder) -> DualCodingAssignment:
    """`coder` has finished: their codes are frozen; once both have, the conflicts go to the queue."""
    assignment = _locked(assignment)
    _check_coding(assignment, coder)
    field = "a_finished_at" if coder.pk == assignment.coder_a_id else "b_finished_at"
    setattr(assignment, field, timezone.now())
    return audited_save(assignment, by=coder, reason=f"{coder} finished coding", update_fields=[field])


@transaction.atomic
def assignment_resolve(
    *, assignment: DualCodingAssignment, by, choices: dict[str, bool]
) -> DualCodingAssignment:
    """Settle every disagreement (`choices`: Disagreement.key → applied?) and write the agreed coding
    (themes both applied, and disputed themes settled as applied) to the item's and excerpts' themes
    through evidence's services. It adds themes; it never removes one the item already had."""
    if not by.has_perm("coding.resolve_dualcodingassignment"):
        raise ValidationError("Only the secretariat and the chair resolve dual-coding conflicts.")
    locked = _locked(assignment)
    if locked.resolved_at:
        raise ValidationError(f"{locked.item.reference} was resolved already (by {locked.resolved_by}).")
    if not locked.both_finished:
        raise ValidationError(f"Both coders must finish {locked.item.reference} before it is resolved.")
    conflicts = assignment_conflicts(locked.pk)
    missing = [d for d in conflicts.disagreements if d.key not in choices]
    if missing:
        raise ValidationError(f"Decide every disagreement ({len(missing)} left undecided).")
    agreed = list(conflicts.agreed)
    for disagreement in conflicts.disagreements:
        applied = choices[disagreement.key]
        ResolvedCode.objects.create(
            assignment=locked, theme=disagreement.theme, excerpt=disagreement.excerpt, applied=applied
        )
        if applied:
            agreed.append((disagreement.excerpt, disagreement.theme))
    _write_agreed(locked, agreed, by)
    locked.resolved_by, locked.resolved_at = actor(by), timezone.now()
    return audited_save(
        locked, by=by, reason="dual coding resolved", update_fields=["resolved_by", "resolved_at"]
    )


def _write_agreed(assignment: DualCodingAssignment, agreed: list, by) -> None:
    by_unit: dict = {}
    for excerpt, theme in agreed:
        by_unit.setdefault(excerpt.pk if excerpt else None, []).append(theme)
    item = EvidenceItem.objects.get(pk=assignment.item_id)
    if by_unit.get(None):
        themes = {*item.themes.all(), *by_unit[None]}
        if len(themes) > item.themes.count():
            evidence_services.evidence_update(item=item, by=by, reason="agreed dual coding", themes=themes)
    for excerpt in Excerpt.objects.filter(pk__in=[pk for pk in by_unit if pk is not None]):
        themes = {*excerpt.themes.all(), *by_unit[excerpt.pk]}
        if len(themes) > excerpt.themes.count():
            evidence_services.excerpt_update(excerpt=excerpt, by=by, themes=themes)
