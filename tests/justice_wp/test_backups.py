"""Back up, change data, restore: the key tables come back exactly (counts and checksums)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evidence.models import EvidenceItem, Submitter
from justice_wp import backups
from justice_wp.management.commands import restore_db
from recommendations.models import EvidenceLink, Recommendation
from tests.factories import EvidenceItemFactory, EvidenceLinkFactory, RecommendationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _seed():
    items = EvidenceItemFactory.create_batch(4)
    recommendation = RecommendationFactory()
    for item in items[:3]:
        EvidenceLinkFactory(recommendation=recommendation, evidence=item, note="Strong support")


def _change_everything():
    EvidenceLink.objects.all().delete()
    EvidenceItem.objects.filter(pk=EvidenceItem.objects.order_by("pk")[0].pk).update(
        title="Edited after backup"
    )
    Submitter.objects.update(name="Renamed after backup")
    EvidenceItemFactory.create_batch(2)
    Recommendation.objects.update(title="Retitled after backup")


def _backup_change_restore(tmp_path, capsys) -> tuple[dict, dict, str]:
    _seed()
    before = backups.fingerprint()
    path = tmp_path / "nightly.backup"
    call_command("backup_db", output=str(path))
    assert path.stat().st_size > 0
    _change_everything()
    assert backups.fingerprint() != before
    capsys.readouterr()
    call_command("restore_db", str(path), interactive=False)
    return before, backups.fingerprint(), capsys.readouterr()


def _assert_restored(before, after, output):
    assert after == before
    assert set(before) == {"submitters", "evidence items", "recommendations", "evidence links"}
    assert before["evidence links"][0] == 3
    assert "Restored" in output.out


@pytest.mark.postgres
def test_postgres_backup_and_restore_round_trip(tmp_path, capsys):
    before, after, output = _backup_change_restore(tmp_path, capsys)
    _assert_restored(before, after, output)
    assert EvidenceItem.objects.filter(title="Edited after backup").count() == 0


def test_sqlite_backup_and_restore_round_trip(tmp_path, capsys, is_postgres):
    if is_postgres:
        pytest.skip("SQLite's VACUUM INTO path; the PostgreSQL round trip is tested above")
    before, after, output = _backup_change_restore(tmp_path, capsys)
    _assert_restored(before, after, output)
    assert not Submitter.objects.filter(name="Renamed after backup").exists()


def test_restore_of_a_missing_file_changes_nothing(tmp_path):
    _seed()
    before = backups.fingerprint()
    with pytest.raises(CommandError, match="does not exist: give the path of a file written by"):
        call_command("restore_db", str(tmp_path / "nope.dump"), interactive=False)
    assert backups.fingerprint() == before


def test_a_backup_never_overwrites_an_existing_file(tmp_path):
    path = tmp_path / "taken.dump"
    path.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_db", output=str(path))
    assert path.read_bytes() == b"an older backup"


def test_restore_asks_before_replacing_the_database(tmp_path, monkeypatch):
    _seed()
    path = tmp_path / "nightly.backup"
    call_command("backup_db", output=str(path))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled: nothing was changed"):
        call_command("restore_db", str(path))


def test_restore_reapplies_erasures_when_the_command_exists(tmp_path, monkeypatch, capsys):
    path = tmp_path / "nightly.backup"
    call_command("backup_db", output=str(path))
    calls = []
    monkeypatch.setattr(restore_db, "get_commands", lambda: {"reapply_erasures": "evidence"})
    monkeypatch.setattr(restore_db, "call_command", lambda name, **kwargs: calls.append(name))
    call_command("restore_db", str(path), interactive=False)
    assert calls == ["reapply_erasures"]
    assert "WARNING" not in capsys.readouterr().err


def test_restore_warns_loudly_when_erasures_cannot_be_reapplied(tmp_path, monkeypatch, capsys):
    path = tmp_path / "nightly.backup"
    call_command("backup_db", output=str(path))
    monkeypatch.setattr(restore_db, "get_commands", dict)
    call_command("restore_db", str(path), interactive=False)
    assert "erasures made after this backup were NOT re-applied" in capsys.readouterr().err
