"""Back up and restore the whole database: `pg_dump -Fc` / `pg_restore` on PostgreSQL, `VACUUM INTO`
and SQLite's online backup on SQLite. The management commands `backup_db` and `restore_db` wrap this."""

import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

# The tables whose contents must survive a restore exactly; `fingerprint` summarises them.
KEY_MODELS = [
    ("evidence", "Submitter"),
    ("evidence", "EvidenceItem"),
    ("recommendations", "Recommendation"),
    ("recommendations", "EvidenceLink"),
]


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


def default_backup_path() -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
    directory = Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "backups"))
    return directory / f"justice-wp-{stamp}.{suffix}"


def _pg_env() -> dict[str, str]:
    """libpq reads these, so the password never appears in a process list."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools.")
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {result.returncode}): {result.stderr.strip()}")


def backup(path: Path | None = None) -> Path:
    """Write a consistent snapshot of the database to `path` (a new file) and return the path."""
    path = Path(path or default_backup_path())
    if path.exists():
        raise BackupError(f"{path} already exists: choose another file name (backups are never overwritten).")
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
    else:
        raise BackupError(f"Backups are not supported on {connection.vendor}.")
    return path


def restore(path: Path) -> None:
    """Replace the database's contents with the backup at `path`, all or nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist: give the path of a file written by `make backup`.")
    if connection.vendor == "postgresql":
        # Idle pooled connections hold no locks, but one inside a transaction would block the DROPs.
        connections.close_all()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
    elif connection.vendor == "sqlite":
        _restore_sqlite(path)
    else:
        raise BackupError(f"Restores are not supported on {connection.vendor}.")


def _restore_sqlite(path: Path) -> None:
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        status = source.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite backup ({error}).") from error
    if status != "ok":
        source.close()
        raise BackupError(f"{path} is damaged ({status}): restore from another backup.")
    connection.ensure_connection()
    try:
        # The online-backup API copies page by page under a lock and replaces the whole database.
        source.backup(connection.connection)
    finally:
        source.close()


def fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 over every row (all columns, in primary-key order) of each key table."""
    result = {}
    for app_label, model_name in KEY_MODELS:
        model = apps.get_model(app_label, model_name)
        columns = [field.attname for field in model._meta.concrete_fields]
        digest = hashlib.sha256()
        count = 0
        for row in model.objects.order_by("pk").values_list(*columns).iterator(chunk_size=2000):
            digest.update(repr(row).encode())
            count += 1
        result[model._meta.verbose_name_plural] = (count, digest.hexdigest()[:16])
    return result
