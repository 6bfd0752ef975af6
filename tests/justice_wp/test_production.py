"""The production profile: refuses SQLite, and `make serve` stops before serving on it."""

import os
import subprocess
import sys

from django.conf import settings
from django.utils.module_loading import import_string

PRODUCTION_ON_SQLITE = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-key-for-the-test-only",
    "DATABASE_URL": "sqlite:///prod-test.sqlite3",
}


def _run(command: list[str], **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_SQLITE", "MAKEFLAGS", "MFLAGS"}}
    return subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_mode_refuses_sqlite_with_a_clear_message():
    result = _run([sys.executable, "manage.py", "check"], **PRODUCTION_ON_SQLITE)
    assert result.returncode != 0
    assert "Production mode (DJANGO_DEBUG=0) needs PostgreSQL" in result.stderr
    assert not (settings.BASE_DIR / "prod-test.sqlite3").exists()


def test_the_local_escape_hatch_allows_sqlite_in_production_mode():
    result = _run([sys.executable, "manage.py", "check"], **PRODUCTION_ON_SQLITE, DJANGO_ALLOW_SQLITE="1")
    assert result.returncode == 0, result.stderr


def test_make_serve_refuses_sqlite_before_starting_gunicorn():
    result = _run(["make", "--no-print-directory", "serve", "PY=" + sys.executable], **PRODUCTION_ON_SQLITE)
    assert result.returncode != 0
    assert "needs PostgreSQL" in result.stderr
    assert "gunicorn -c" not in result.stdout
    assert not (settings.BASE_DIR / "prod-test.sqlite3").exists()


def test_production_serves_hashed_compressed_static_files():
    script = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = _run(
        [sys.executable, "manage.py", "shell", "-c", script],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-secret-key-for-the-test-only",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/justice",
    )
    assert result.stdout.split()[-1] == "whitenoise.storage.CompressedManifestStaticFilesStorage", (
        result.stderr
    )


def test_import_files_wait_in_the_shared_storage_not_a_local_temp_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    storage = import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)(encoding="utf-8")
    storage.save(b"title,kind\n")
    assert (tmp_path / storage.get_full_path()).read_bytes() == b"title,kind\n"
