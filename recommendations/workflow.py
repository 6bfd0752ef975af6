"""The recommendation workflow: idea → draft → under discussion → agreed → in report → published,
and withdrawn from any state before published. Agreeing and publishing are the Chair's decisions."""

from django.core.exceptions import ValidationError

from recommendations.models import Recommendation

Status = Recommendation.Status

ALLOWED = {
    Status.IDEA: {Status.DRAFT, Status.WITHDRAWN},
    Status.DRAFT: {Status.UNDER_DISCUSSION, Status.WITHDRAWN},
    Status.UNDER_DISCUSSION: {Status.AGREED, Status.WITHDRAWN},
    Status.AGREED: {Status.IN_REPORT, Status.WITHDRAWN},
    Status.IN_REPORT: {Status.PUBLISHED, Status.WITHDRAWN},
    Status.PUBLISHED: set(),
    Status.WITHDRAWN: set(),
}

APPROVE_PERMISSION = "recommendations.approve_recommendation"
CHANGE_PERMISSION = "recommendations.change_recommendation"
CHAIR_ONLY = {Status.AGREED, Status.PUBLISHED}
CHAIR_ONLY_VERB = {Status.AGREED: "agree", Status.PUBLISHED: "publish"}


def allowed_targets(current: str) -> list[Status]:
    """Next states in workflow order (the order buttons are shown in)."""
    return [status for status in Status if status in ALLOWED[Status(current)]]


def targets_for(current: str, user) -> list[Status]:
    """The next states this user may choose (Chair-only steps hidden from others)."""
    return [target for target in allowed_targets(current) if may_take(user, target)]


def may_take(user, target: str) -> bool:
    needed = APPROVE_PERMISSION if Status(target) in CHAIR_ONLY else CHANGE_PERMISSION
    return bool(user and user.has_perm(needed))


def chair_only_message(target: str) -> str:
    return f"Only the Chair can {CHAIR_ONLY_VERB[Status(target)]} a recommendation."


def check(current: str, target: str, *, user=None, supporting: int | None = None, reason: str = "") -> None:
    """Raise ValidationError with a message the person pressing the button can act on.

    `user=None` skips the permission check (data loading); `supporting` is the number of distinct
    evidence items supporting the recommendation, needed to agree it."""
    current, target = Status(current), Status(target)
    if target not in ALLOWED[current]:
        options = ", ".join(s.label for s in allowed_targets(current)) or "none (this is a final state)"
        raise ValidationError(
            f"Cannot move a recommendation from {current.label} to {target.label}. "
            f"Allowed next steps: {options}.",
            code="invalid_transition",
        )
    if user is not None and not may_take(user, target):
        if target in CHAIR_ONLY:
            message = chair_only_message(target)
        else:
            message = "You do not have permission to change recommendations."
        raise ValidationError(message, code="permission_denied")
    if target == Status.AGREED and not supporting:
        raise ValidationError(
            "A recommendation cannot be agreed without supporting evidence: tag at least one evidence "
            "item or excerpt that supports it first.",
            code="no_supporting_evidence",
        )
    if target == Status.WITHDRAWN and not reason.strip():
        raise ValidationError("Give a reason for withdrawing this recommendation.", code="reason_required")
