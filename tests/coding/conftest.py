import pytest

from coding import services
from tests.factories import EvidenceItemFactory, ExcerptFactory, ThemeFactory, UserFactory

BODY = "The assessor never read the medical evidence. Nobody explained how to complain."


@pytest.fixture
def coders(db):
    return UserFactory(username="coder-ada", role="Member"), UserFactory(username="coder-ben", role="Member")


@pytest.fixture
def themes(db):
    return [
        ThemeFactory(name="Dual oversight"),
        ThemeFactory(name="Dual transparency"),
        ThemeFactory(name="Dual redress"),
    ]


@pytest.fixture
def assigned(db, coders, secretariat_user):
    """An item with one excerpt, assigned to the two coders by the secretariat."""
    item = EvidenceItemFactory(title="Carer's submission", body=BODY)
    excerpt = ExcerptFactory(item=item, quote="The assessor never read the medical evidence.")
    [assignment] = services.assignment_create(
        items=[item], coder_a=coders[0], coder_b=coders[1], by=secretariat_user
    )
    return assignment, excerpt


@pytest.fixture
def coded(assigned, coders, themes):
    """Ada: item → oversight, transparency; excerpt → redress. Ben: item → oversight; excerpt → redress,
    transparency. Disagreements: transparency on the item (Ada only), transparency on the excerpt
    (Ben only). Both finished."""
    assignment, excerpt = assigned
    ada, ben = coders
    oversight, transparency, redress = themes
    services.codes_save(
        assignment=assignment,
        coder=ada,
        item_themes=[oversight, transparency],
        excerpt_themes={excerpt: [redress]},
    )
    services.codes_save(
        assignment=assignment,
        coder=ben,
        item_themes=[oversight],
        excerpt_themes={excerpt: [redress, transparency]},
    )
    services.assignment_finish(assignment=assignment, coder=ada)
    services.assignment_finish(assignment=assignment, coder=ben)
    assignment.refresh_from_db()
    return assignment, excerpt
