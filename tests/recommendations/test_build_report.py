import io

import docx
import pytest
from django.core.management import CommandError, call_command

from recommendations.models import Recommendation
from tests.factories import EvidenceLinkFactory, RecommendationFactory


@pytest.mark.django_db
def test_build_report_writes_word_and_html(tmp_path):
    EvidenceLinkFactory(
        recommendation=RecommendationFactory(status=Recommendation.Status.AGREED, title="Publish")
    )
    RecommendationFactory(status=Recommendation.Status.DRAFT, title="Not yet")
    out = io.StringIO()
    call_command("build_report", "--format", "docx", "-o", str(tmp_path / "report.docx"), stdout=out)
    assert "1 recommendations, 1 citations" in out.getvalue()
    text = "\n".join(p.text for p in docx.Document(tmp_path / "report.docx").paragraphs)
    assert "Publish" in text and "Not yet" not in text
    call_command(
        "build_report", "--format", "html", "--draft", "-o", str(tmp_path / "draft.html"), stdout=out
    )
    html = (tmp_path / "draft.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "Not yet" in html and "DRAFT" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.html", "report.docx"]


@pytest.mark.django_db
def test_build_report_names_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match=r"--output: the folder .* does not exist"):
        call_command("build_report", "-o", str(tmp_path / "missing" / "report.docx"))


@pytest.mark.django_db
def test_a_failed_build_leaves_the_previous_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous")

    def explode(data):
        raise RuntimeError("disk full")

    monkeypatch.setattr("recommendations.management.commands.build_report.build_docx", explode)
    with pytest.raises(RuntimeError):
        call_command("build_report", "-o", str(target))
    assert target.read_bytes() == b"previous" and [p.name for p in tmp_path.iterdir()] == ["report.docx"]
