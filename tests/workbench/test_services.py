import pytest
from django.core.exceptions import ValidationError

from evidence.models import Excerpt
from tests.workbench.conftest import BODY
from workbench import services
from workbench.models import ReadMark

pytestmark = pytest.mark.django_db


def test_a_tag_that_fails_leaves_no_excerpt_behind(secretariat_user, submission, theme, recommendation):
    """The secretariat may quote but not tag: the excerpt is not saved on its own."""
    with pytest.raises(ValidationError, match="permission to tag"):
        services.excerpt_code(
            item=submission,
            by=secretariat_user,
            quote="eleven weeks",
            themes=[theme],
            recommendation=recommendation,
        )
    assert not Excerpt.objects.exists()


def test_a_selection_with_spaces_around_it_is_trimmed(member_user, submission, theme):
    start = BODY.index("The assessor") - 2
    end = BODY.index("evidence.") + len("evidence.") + 1
    excerpt, link = services.excerpt_code(
        item=submission,
        by=member_user,
        block="body",
        start=start,
        end=end,
        quote=BODY[start:end],
        themes=[theme],
    )
    assert excerpt.quote == "The assessor never read the medical evidence."
    assert BODY[excerpt.start_offset : excerpt.end_offset] == excerpt.quote
    assert link is None


def test_a_selection_in_an_answer_records_its_question(member_user, survey_response, theme):
    answer = survey_response.answers.get(question__code="q2")
    excerpt, _ = services.excerpt_code(
        item=survey_response,
        by=member_user,
        block=f"answer-{answer.pk}",
        start=12,
        end=22,
        quote="",
        themes=[theme],
    )
    assert (excerpt.quote, excerpt.page, excerpt.start_offset) == ("contract's", "q2", None)


def test_members_cannot_quote_confidential_items(member_user, confidential_world, theme):
    with pytest.raises(ValidationError, match="is confidential"):
        services.excerpt_code(
            item=confidential_world.confidential_item, by=member_user, quote="Maple", themes=[theme]
        )


def test_mark_unread_reports_whether_it_had_been_read(member_user, submission):
    services.item_mark_read(item=submission, user=member_user)
    services.item_mark_read(item=submission, user=member_user)
    assert ReadMark.objects.count() == 1
    assert services.item_mark_unread(item=submission, user=member_user) is True
    assert services.item_mark_unread(item=submission, user=member_user) is False
