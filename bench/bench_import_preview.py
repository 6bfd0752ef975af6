"""Import preview at the row cap, and files over it refused (issue 13, finding 9).

Through the admin as the secretariat: upload a CSV of EVIDENCE_IMPORT_MAX_ROWS responses (under the
5 MB cap), show its preview twice (the second from the cached plan) and confirm it. Then the two files
of the finding: a 5 MB CSV of 400,000 short rows and a 71 KB xlsx unpacking to 491,000 rows, each
refused (time and peak Python memory of the refusal). The budget is gunicorn's 60 s worker timeout."""

import csv
import io
import time
import tracemalloc
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench import common
from bench.bench_import import _cleanup, _survey

WORKER_TIMEOUT = 60.0
DATA = Path(__file__).resolve().parent.parent / "tests" / "evidence" / "data"


def run() -> list[tuple[str, str, str]]:
    from evidence.codebook import SURVEYS
    from evidence.models import ImportUpload

    token = uuid.uuid4().hex[:6]
    survey = _survey(token)
    cap = settings.EVIDENCE_IMPORT_MAX_ROWS
    client = common.client_for("Secretariat")
    try:
        content = _cap_sized_export(token, SURVEYS[0]["questions"][2][1], cap)
        assert len(content) <= settings.EVIDENCE_IMPORT_MAX_BYTES, len(content)
        started = time.perf_counter()
        client.post(
            reverse("admin:evidence_evidenceitem_import_survey"),
            {"survey": survey.pk, "file": SimpleUploadedFile("cap.csv", content)},
        )
        uploaded = time.perf_counter() - started
        upload = ImportUpload.objects.filter(survey=survey).latest("pk")
        preview_url = reverse("admin:evidence_evidenceitem_import_survey_preview", args=[upload.pk])
        first, page = _timed(lambda: client.get(preview_url))
        assert f"{cap} new response(s) to import" in page.content.decode(), page.content[:2000]
        again, _ = _timed(lambda: client.get(preview_url))
        confirm, response = _timed(lambda: client.post(preview_url, {"confirm": "1"}))
        assert response.status_code == 302 and survey.responses.count() == cap
    finally:
        ImportUpload.objects.filter(survey=survey).delete()
        _cleanup(survey, token)
    csv_400k = b"Timestamp,q1\n" + b"".join(f"{n},x\n".encode() for n in range(400_000))
    xlsx_491k = (DATA / "rows_491k.xlsx").read_bytes()
    budget = f"of the {WORKER_TIMEOUT:.0f} s worker timeout"
    return [
        (
            f"Import preview, {cap:,}-row CSV ({len(content) / 1e6:.1f} MB)",
            "upload / first preview / preview again (cached plan) / confirm",
            f"{uploaded:.1f} s / {first:.1f} s ({first / WORKER_TIMEOUT:.0%} {budget}) / {again:.1f} s / "
            f"{confirm:.1f} s ({confirm / WORKER_TIMEOUT:.0%})",
        ),
        _refusal(f"400,000-row CSV ({len(csv_400k) / 1e6:.1f} MB) refused", csv_400k, budget),
        _refusal(
            f"xlsx of {len(xlsx_491k) / 1e3:.0f} KB unpacking to 491,000 rows refused", xlsx_491k, budget
        ),
    ]


def _timed(call):
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _refusal(label: str, content: bytes, budget: str) -> tuple[str, str, str]:
    from evidence.importing import ImportRefused, read_table

    def refuse():
        try:
            read_table(content)
        except ImportRefused:
            return
        raise AssertionError(f"{label}: not refused")

    seconds, _ = _timed(refuse)
    tracemalloc.start()
    refuse()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (
        label,
        "time / peak Python memory",
        f"{seconds:.2f} s ({seconds / WORKER_TIMEOUT:.1%} {budget}) / {peak / 1e6:.0f} MB",
    )


def _cap_sized_export(token: str, question: str, rows: int) -> bytes:
    """One row per response: id, timestamp, a respondent (3,000 distinct emails), one answer."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["Response ID", "Timestamp", "Email address", question])
    for n in range(rows):
        day, minute = 1 + n % 28, n % 1440
        writer.writerow(
            [
                f"P-{n}",
                f"{day:02d}/11/2023 {minute // 60:02d}:{minute % 60:02d}",
                f"r{n % 3000}@b-{token}.example",
                f"Answer {n}: no “safeguards”.",
            ]
        )
    return buffer.getvalue().encode()
