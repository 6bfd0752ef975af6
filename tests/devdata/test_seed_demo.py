import pytest
from django.core.management import call_command

from devdata.demo.users import DEMO_PASSWORD, DEMO_USERS
from evidence.models import EvidenceItem, Excerpt, Submitter
from meetings.models import Meeting


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_every_kind(capsys):
    call_command("seed_demo")
    counts = (EvidenceItem.objects.count(), Excerpt.objects.count(), Submitter.objects.count())
    call_command("seed_demo")
    assert (EvidenceItem.objects.count(), Excerpt.objects.count(), Submitter.objects.count()) == counts
    kinds = set(EvidenceItem.objects.values_list("kind", flat=True))
    assert kinds == {kind.value for kind in EvidenceItem.Kind}
    assert f"password for all: {DEMO_PASSWORD}" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_tells_the_2015_blog_story():
    call_command("seed_demo")
    article = EvidenceItem.objects.get(kind=EvidenceItem.Kind.NEWS_ARTICLE)
    assert "£5.9m contract with Saudi Arabia" in article.body
    assert article.excerpts.count() >= 3
    testimony = EvidenceItem.objects.get(title__startswith="Reader testimony")
    assert testimony.submitter.public_name == "Anonymous respondent"
    excluded = EvidenceItem.objects.get(status=EvidenceItem.Status.EXCLUDED)
    assert "moderation" in excluded.status_reason
    assert Meeting.objects.get(title="Working Party Meeting: Accountability").evidence_items.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "role", "_name"), DEMO_USERS)
def test_demo_users_can_log_in_to_the_admin(client, username, role, _name):
    call_command("seed_demo")
    assert client.login(username=username, password=DEMO_PASSWORD)
    response = client.get("/admin/evidence/evidenceitem/")
    assert response.status_code == 200
    assert "OAJ-0001" in response.content.decode()


@pytest.mark.django_db
def test_seed_demo_dual_codes_one_item_with_a_resolved_disagreement():
    from coding.models import DualCodingAssignment, ResolvedCode
    from coding.selectors import agreement_report

    call_command("seed_demo")
    call_command("seed_demo")
    assignment = DualCodingAssignment.objects.get()
    assert (assignment.coder_a.username, assignment.coder_b.username) == ("member", "member2")
    assert assignment.resolved_by.username == "secretariat"
    assert ResolvedCode.objects.filter(assignment=assignment).count() == 2
    assert agreement_report().assignments == 1
    assert "Assessments" in " ".join(str(t) for t in assignment.item.themes.all())
