import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.report import build_docx, build_html, report_data


class Command(BaseCommand):
    help = (
        "Write the report as Word (.docx) or HTML. Includes recommendations that are agreed, in the "
        "report or published; --draft includes everything not withdrawn and marks it DRAFT."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["docx", "html"], default="docx")
        parser.add_argument("-o", "--output", required=True, help="File to write, e.g. report.docx")
        parser.add_argument(
            "--draft", action="store_true", help="Include unagreed recommendations, marked DRAFT."
        )

    def handle(self, *args, format, output, draft, **options):
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"--output: the folder {target.parent} does not exist; create it first.")
        data = report_data(draft=draft)
        content = build_docx(data) if format == "docx" else build_html(data).encode("utf-8")
        # Write next to the target and rename, so a failure never leaves half a report behind.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {target} ({format}{', DRAFT' if draft else ''}): {data.recommendation_count} "
                f"recommendations, {len(data.citations)} citations, {len(data.sources)} sources."
            )
        )
