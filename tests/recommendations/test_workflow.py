import itertools

import pytest
from django.core.exceptions import ValidationError

from recommendations import workflow
from recommendations.models import Recommendation

Status = Recommendation.Status

ALLOWED_PAIRS = [
    (Status.IDEA, Status.DRAFT),
    (Status.DRAFT, Status.UNDER_DISCUSSION),
    (Status.UNDER_DISCUSSION, Status.AGREED),
    (Status.AGREED, Status.IN_REPORT),
    (Status.IN_REPORT, Status.PUBLISHED),
    *[(status, Status.WITHDRAWN) for status in Status if status not in (Status.PUBLISHED, Status.WITHDRAWN)],
]
REFUSED_PAIRS = [pair for pair in itertools.permutations(Status, 2) if pair not in ALLOWED_PAIRS]


class FakeUser:
    def __init__(self, *perms):
        self.perms = set(perms)

    def has_perm(self, perm):
        return perm in self.perms


CHAIR = FakeUser(workflow.APPROVE_PERMISSION, workflow.CHANGE_PERMISSION)
MEMBER = FakeUser(workflow.CHANGE_PERMISSION)
VIEWER = FakeUser()


@pytest.mark.parametrize(("current", "target"), ALLOWED_PAIRS)
def test_allowed_transitions_pass_for_the_chair(current, target):
    workflow.check(current, target, user=CHAIR, supporting=1, reason="Agreed by the working party")


@pytest.mark.parametrize(("current", "target"), REFUSED_PAIRS)
def test_every_other_transition_is_refused_with_the_allowed_next_steps(current, target):
    with pytest.raises(ValidationError) as refused:
        workflow.check(current, target, user=CHAIR, supporting=1, reason="because")
    message = refused.value.messages[0]
    assert f"Cannot move a recommendation from {Status(current).label} to {Status(target).label}" in message
    assert "Allowed next steps:" in message


def test_published_and_withdrawn_are_final():
    assert workflow.allowed_targets(Status.PUBLISHED) == []
    assert workflow.allowed_targets(Status.WITHDRAWN) == []
    with pytest.raises(ValidationError, match="none \\(this is a final state\\)"):
        workflow.check(Status.PUBLISHED, Status.WITHDRAWN, user=CHAIR, reason="too late")


@pytest.mark.parametrize(
    ("current", "target"), [(Status.UNDER_DISCUSSION, Status.AGREED), (Status.IN_REPORT, Status.PUBLISHED)]
)
def test_agreeing_and_publishing_need_the_chair(current, target):
    verb = workflow.CHAIR_ONLY_VERB[Status(target)]
    with pytest.raises(ValidationError, match=f"Only the Chair can {verb} a recommendation"):
        workflow.check(current, target, user=MEMBER, supporting=3)


@pytest.mark.parametrize(
    ("current", "target"),
    [pair for pair in ALLOWED_PAIRS if pair[1] not in workflow.CHAIR_ONLY],
)
def test_members_take_the_other_steps_and_viewers_none(current, target):
    workflow.check(current, target, user=MEMBER, supporting=0, reason="no longer needed")
    with pytest.raises(ValidationError, match="You do not have permission to change recommendations"):
        workflow.check(current, target, user=VIEWER, supporting=0, reason="no longer needed")


def test_agreeing_needs_supporting_evidence():
    with pytest.raises(ValidationError, match="cannot be agreed without supporting evidence") as refused:
        workflow.check(Status.UNDER_DISCUSSION, Status.AGREED, user=CHAIR, supporting=0)
    assert refused.value.code == "no_supporting_evidence"


def test_withdrawing_needs_a_reason():
    with pytest.raises(ValidationError, match="Give a reason for withdrawing"):
        workflow.check(Status.DRAFT, Status.WITHDRAWN, user=MEMBER, reason="  ")


def test_members_are_not_offered_the_chair_steps():
    assert workflow.targets_for(Status.UNDER_DISCUSSION, MEMBER) == [Status.WITHDRAWN]
    assert workflow.targets_for(Status.UNDER_DISCUSSION, CHAIR) == [Status.AGREED, Status.WITHDRAWN]
