"""The evidence status workflow: received → triaged → reviewed → cited | excluded."""

from django.core.exceptions import ValidationError

from evidence.models import EvidenceItem

Status = EvidenceItem.Status

ALLOWED = {
    Status.RECEIVED: {Status.TRIAGED, Status.EXCLUDED},
    Status.TRIAGED: {Status.REVIEWED, Status.EXCLUDED},
    Status.REVIEWED: {Status.CITED, Status.EXCLUDED},
    Status.CITED: set(),
    Status.EXCLUDED: set(),
}


def allowed_targets(current: str) -> set[str]:
    return ALLOWED[Status(current)]


def check(current: str, target: str, *, reason: str = "", exclusion_reason=None) -> None:
    """Raise ValidationError with a message a secretariat user can act on. Excluding needs a reason
    from the managed list, and a note when that reason asks for one ("Other")."""
    current, target = Status(current), Status(target)
    if target not in ALLOWED[current]:
        options = ", ".join(sorted(s.label for s in ALLOWED[current])) or "none (this is a final state)"
        raise ValidationError(
            f"Cannot move an item from {current.label} to {target.label}. Allowed next steps: {options}.",
            code="invalid_transition",
        )
    if target != Status.EXCLUDED:
        return
    if exclusion_reason is None:
        raise ValidationError("Choose a reason for excluding this item.", code="exclusion_reason_required")
    if exclusion_reason.needs_note and not reason.strip():
        raise ValidationError(
            f"Say why: the reason “{exclusion_reason}” needs a note.", code="reason_required"
        )
