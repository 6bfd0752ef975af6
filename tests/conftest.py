import pytest
from django.db import connection

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL; on SQLite they are skipped with the reason."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def secretariat_user(db):
    return UserFactory(username="sec", role="Secretariat")


@pytest.fixture
def member_user(db):
    return UserFactory(username="mem", role="Member")


@pytest.fixture
def chair_user(db):
    return UserFactory(username="chair-user", role="Chair")


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


@pytest.fixture
def chair_client(client, chair_user):
    client.force_login(chair_user)
    return client


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_ledger(settings, tmp_path):
    """A fast password hasher (PBKDF2 dominated test setup), and an erasure ledger file per test
    rather than the project's var/ directory."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ERASURE_LEDGER_FILE = tmp_path / "erasure-ledger.jsonl"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Figures cached by one test (the dashboard's) must not outlive its rolled-back database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def confidential_world(db, secretariat_user, chair_user):
    """A confidential, vulnerable submitter whose evidence has excerpts, links, a meeting and history
    (including a change of submitter). `world.secrets` must never reach a member (tests/privacy_checks.py)."""
    from evidence import services
    from evidence.models import EvidenceItem, Submitter
    from recommendations import services as services_rec
    from recommendations.models import EvidenceLink, Recommendation
    from tests.factories import (
        AgendaItemFactory,
        EvidenceItemFactory,
        EvidenceLinkFactory,
        ExcerptFactory,
        MeetingFactory,
        RecommendationFactory,
        SubmitterFactory,
    )
    from tests.privacy_checks import World

    submitter = SubmitterFactory(
        name="Perpetua Quillfeather",
        email="perpetua.q@private.example",
        phone="07700 900461",
        notes="Prefers contact by post.",
        anonymity_requested=True,
        consent_to_publish=False,
        vulnerable=True,
    )
    submitter.name = "Perpetua Quillfeather"  # a second history row, as after an edit
    submitter.notes = "Prefers contact by post. Called back on 3 Nov."
    submitter.save()
    meeting = MeetingFactory()
    item = EvidenceItemFactory(
        title="Contact service testimony",
        body="Up to 18 different contact officers collected the children over twelve months.",
        confidentiality=EvidenceItem.Confidentiality.ANONYMISED,
        meeting=meeting,
    )
    item.submitter = submitter  # history now shows a change of submitter
    services.evidence_update(item=item, by=secretariat_user)
    confidential_item = EvidenceItemFactory(
        title="Safeguarding file",
        body="Maple Court safeguarding file 7731 names the family.",
        confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL,
        submitter=submitter,
    )
    excerpt = ExcerptFactory(item=item, quote="Up to 18 different contact officers")
    # Agreed, so the report cites it; it also cites the confidential item through a quote of its body,
    # and a publishable item from the same protected submitter (named in the report's sources).
    recommendation = RecommendationFactory(
        status=Recommendation.Status.UNDER_DISCUSSION, lead_member=secretariat_user
    )
    link = EvidenceLinkFactory(recommendation=recommendation, evidence=item, excerpt=excerpt)
    confidential_excerpt = ExcerptFactory(item=confidential_item, quote="Maple Court safeguarding file 7731")
    confidential_link = EvidenceLinkFactory(recommendation=recommendation, evidence=confidential_item)
    confidential_link.excerpt = confidential_excerpt  # the link's history now shows the excerpt chosen
    services_rec.evidence_link_update(link=confidential_link, by=secretariat_user)
    publishable_item = EvidenceItemFactory(
        title="Letter to the working party",
        body="The contact centre closed at four every afternoon.",
        confidentiality=EvidenceItem.Confidentiality.PUBLISHABLE,
        submitter=submitter,
        meeting=meeting,
    )
    EvidenceLinkFactory(
        recommendation=recommendation, evidence=publishable_item, stance=EvidenceLink.Stance.CONTEXT
    )
    agenda_item = AgendaItemFactory(meeting=meeting, title="Contact service testimony")
    agenda_item.evidence.set([item, confidential_item, publishable_item])
    agenda_item.recommendations.set([recommendation])
    recommendation.text += " Contact officers should be named to families."  # a text change to diff
    services_rec.recommendation_update(
        recommendation=recommendation, by=secretariat_user, expected_version=recommendation.version
    )
    services_rec.recommendation_transition(
        recommendation=recommendation, to=Recommendation.Status.AGREED, by=chair_user
    )
    return World(
        submitter=Submitter.objects.get(pk=submitter.pk),
        item=item,
        confidential_item=confidential_item,
        excerpt=excerpt,
        recommendation=recommendation,
        link=link,
        meeting=meeting,
        confidential_excerpt=confidential_excerpt,
        confidential_link=confidential_link,
        publishable_item=publishable_item,
        secrets=["Perpetua Quillfeather", "perpetua.q@private.example", "07700 900461", "Maple Court"],
    )


@pytest.fixture
def tender_survey(db):
    """The "Tender & Contract" survey and the theme codebook from the data migration, re-created if a
    transactional test flushed them from a reused database."""
    from evidence.codebook import ensure_reference_data
    from evidence.models import Survey, SurveyQuestion, Theme

    survey = Survey.objects.filter(slug="tender-contract").first()
    if survey is None:
        ensure_reference_data(Theme, Survey, SurveyQuestion)
        survey = Survey.objects.get(slug="tender-contract")
    return survey
