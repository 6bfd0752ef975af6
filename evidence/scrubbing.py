"""Where erasure looks for a submitter's personal data in the text of their evidence.

Each target is a model, its free-text fields, and the lookup from a row to the evidence item it
belongs to. evidence registers its own; an app holding text about evidence (recommendations: the
notes on evidence links) registers its model from its AppConfig.ready(), since evidence may not
import it. Targets are scrubbed in registration order: items first, so an excerpt's offsets can be
found again in the scrubbed body."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from evidence.models import EvidenceItem, Excerpt, SurveyAnswer


@dataclass(frozen=True)
class ScrubTarget:
    model: type[models.Model]
    fields: tuple[str, ...]
    # Lookup from a row of `model` (or of its history) to the id of its evidence item.
    item_lookup: str

    def condition(self, item_ids) -> Q:
        """Rows about these items; valid on the model and on its history model."""
        return Q(**{f"{self.item_lookup}__in": item_ids})


_targets: list[ScrubTarget] = []


def scrub_target_register(*, model: type[models.Model], fields: tuple[str, ...], item_lookup: str) -> None:
    if any(target.model is model for target in _targets):
        raise ValueError(f"{model._meta.label} is already registered for erasure scrubbing.")
    _targets.append(ScrubTarget(model=model, fields=tuple(fields), item_lookup=item_lookup))


def scrub_targets() -> list[ScrubTarget]:
    return list(_targets)


scrub_target_register(
    model=EvidenceItem, fields=("title", "summary", "body", "status_reason"), item_lookup="id"
)
scrub_target_register(model=Excerpt, fields=("quote", "note"), item_lookup="item_id")
scrub_target_register(model=SurveyAnswer, fields=("answer",), item_lookup="item_id")


# Apps holding a submitter's personal data outside evidence text (correspondence: the emails sent to
# them) register a hook from their ready(); erasure calls each with the submitter (still holding their
# name and email) and the user, inside the erasure's transaction, before the personal fields are blanked.
_erasure_hooks: list = []


def erasure_hook_register(hook) -> None:
    if hook in _erasure_hooks:
        raise ValueError(f"{hook!r} is already registered as an erasure hook.")
    _erasure_hooks.append(hook)


def erasure_hooks() -> list:
    return list(_erasure_hooks)
