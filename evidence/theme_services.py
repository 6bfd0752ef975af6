"""Codebook care: merging one theme into another, or splitting excerpts off into a new theme,
without losing any coding.

Everything that points at a theme is found through the model's relations (evidence items and
excerpts coded with it, sub-themes, survey questions, meetings, and whatever is added later), so a
new relation is merged too without a change here."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from simple_history.models import HistoricalChanges

from evidence.models import Theme


@dataclass
class MergeMove:
    label: str  # e.g. "evidence items"
    count: int
    already: int = 0  # of those, already coded with the target (M2M): they just lose the source


@dataclass
class MergePreview:
    source: Theme
    target: Theme
    moves: list[MergeMove] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _relations():
    """Every relation pointing at Theme from a model people edit: not history (kept as it was) and
    not the automatic M2M tables (handled through their M2M field)."""
    return [
        field
        for field in Theme._meta.get_fields(include_hidden=True)
        if field.is_relation
        and field.auto_created
        and not field.concrete
        and not issubclass(field.related_model, HistoricalChanges)
        and not field.related_model._meta.auto_created
    ]


def _problems(source: Theme, target: Theme) -> list[str]:
    if source.pk == target.pk:
        return [f"“{source}” cannot be merged into itself."]
    problems = []
    ancestor = target.parent
    while ancestor is not None:
        if ancestor.pk == source.pk:
            problems.append(
                f"“{target}” sits under “{source}”: move it out first, or merge “{target}” into “{source}”."
            )
            break
        ancestor = ancestor.parent
    clashes = Theme.objects.filter(parent=target, name__in=source.children.values("name")).values_list(
        "name", flat=True
    )
    problems += [
        f"“{target}” already has a sub-theme named “{name}”: merge or rename one of the two first."
        for name in clashes
    ]
    return problems


def theme_merge_preview(*, source: Theme, target: Theme) -> MergePreview:
    """What merging `source` into `target` would move, and anything that prevents it."""
    preview = MergePreview(source=source, target=target, problems=_problems(source, target))
    for relation in _relations():
        model = relation.related_model
        label = str(model._meta.verbose_name_plural)
        if relation.many_to_many:
            coded = model._default_manager.filter(**{relation.field.name: source})
            already = coded.filter(pk__in=model._default_manager.filter(**{relation.field.name: target}))
            preview.moves.append(MergeMove(label, coded.count(), already.count()))
        else:
            label = "sub-themes" if model is Theme else label
            preview.moves.append(
                MergeMove(label, model._default_manager.filter(**{relation.field.name: source}).count())
            )
    preview.moves = [move for move in preview.moves if move.count]  # only what actually moves
    return preview


def _record(obj, by, reason: str) -> None:
    """One history row for a change made outside save() (M2M edits run with history paused)."""
    if not hasattr(type(obj), "history"):
        return
    obj._history_user, obj._change_reason = by, reason
    obj.save(update_fields=[obj._meta.concrete_fields[1].name])


@transaction.atomic
def theme_merge(*, source: Theme, target: Theme, by) -> MergePreview:
    """Move everything coded with or attached to `source` to `target`, then delete `source`. Each
    changed object gets one history row saying so; the deletion is in the theme's history."""
    source = Theme.objects.select_for_update().get(pk=source.pk)
    target = Theme.objects.select_for_update().get(pk=target.pk)
    preview = theme_merge_preview(source=source, target=target)
    if not preview.ok:
        raise ValidationError(preview.problems)
    reason = f"theme “{source}” merged into “{target}”"
    for relation in _relations():
        model, name = relation.related_model, relation.field.name
        for obj in model._default_manager.filter(**{name: source}):
            if relation.many_to_many:
                obj.skip_history_when_saving = True
                getattr(obj, name).add(target)
                getattr(obj, name).remove(source)
                del obj.skip_history_when_saving
                _record(obj, by, reason)
            else:
                setattr(obj, name, target)
                obj._history_user, obj._change_reason = by, reason
                obj.save(update_fields=[name])
    source._history_user, source._change_reason = by, reason
    source.delete()
    return preview


def _free_slug(name: str) -> str:
    base = slugify(name)[:110] or "theme"
    slug, number = base, 2
    while Theme.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def theme_split(*, source: Theme, excerpts, name: str, by) -> Theme:
    """Create theme `name` beside `source` (same parent) and move the given excerpts' coding from
    `source` to it: the other excerpts and the items keep `source`. One history row per excerpt."""
    name = name.strip()
    if not name:
        raise ValidationError("Name the new theme.")
    existing = Theme.objects.filter(parent=source.parent, name__iexact=name).first()
    if existing is not None:
        where = f"“{source.parent}”" if source.parent else "The top level"
        raise ValidationError(f"{where} already has a theme named “{existing.name}”: choose another name.")
    moving = [excerpt for excerpt in excerpts if source in excerpt.themes.all()]
    if not moving:
        raise ValidationError(f"None of the selected excerpts is coded with “{source}”.")
    new = Theme(name=name, slug=_free_slug(name), parent=source.parent, colour=source.colour)
    new.full_clean()
    new._history_user, new._change_reason = by, f"split from “{source}”"
    new.save()
    reason = f"split from “{source}” into “{new}”"
    for excerpt in moving:
        excerpt.skip_history_when_saving = True
        excerpt.themes.add(new)
        excerpt.themes.remove(source)
        del excerpt.skip_history_when_saving
        _record(excerpt, by, reason)
    return new
