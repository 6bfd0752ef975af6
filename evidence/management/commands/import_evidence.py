"""manage.py import_evidence FILE --survey SLUG [--dry-run] [--format csv|xlsx] [--user USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from evidence import services
from evidence.importing import FORMATS, ImportRefused
from evidence.models import Survey


class Command(BaseCommand):
    help = (
        "Import a survey export (CSV or XLSX) into a survey. Every row is checked first; if any row has "
        "an error nothing is written. Responses already imported are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--survey", required=True, help="The survey's slug, e.g. tender-contract.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; write nothing.")
        parser.add_argument("--format", choices=FORMATS, help="Override detection from the file's content.")
        parser.add_argument("--user", help="Username recorded as the importer in history.")

    def handle(self, *args, file: Path, survey: str, dry_run: bool, format, user, **options):
        try:
            survey_obj = Survey.objects.get(slug=survey)
        except Survey.DoesNotExist:
            known = ", ".join(Survey.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No survey with slug “{survey}”. Known surveys: {known}.") from None
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user “{user}”.")
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        progress = _Progress(stream=self.stderr, disable=options["verbosity"] == 0)
        try:
            plan = services.survey_responses_import(
                survey=survey_obj,
                content=file.read_bytes(),
                filename=file.name,
                by=by,
                dry_run=dry_run,
                file_format=format,
                on_checked=progress.checked,
                on_written=progress.written,
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        finally:
            progress.close()
        for column in plan.columns.unknown:
            self.stdout.write(f"Ignored unknown column {column.label}.")
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(str(error))
            if plan.more_errors:
                self.stderr.write(f"… and {plan.more_errors} more error(s) not listed.")
            raise CommandError(
                f"{plan.error_count} error(s) in {file.name}; nothing was imported. Fix the rows above and "
                "run the command again."
            )
        skipped = f", {len(plan.already_imported)} already imported" if plan.already_imported else ""
        if dry_run:
            self.stdout.write(f"Dry run: {len(plan.responses)} response(s) would be imported{skipped}.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported {plan.written} response(s) into “{survey_obj}”{skipped}.")
            )


class _Progress:
    """One tqdm bar while rows are checked, then another while responses are written."""

    def __init__(self, *, stream, disable: bool):
        self.stream, self.disable, self.bar, self.phase = stream, disable, None, None

    def _advance(self, phase: str, count: int) -> None:
        if self.phase != phase:
            self.close()
            self.bar = tqdm(desc=phase, unit="row", disable=self.disable, file=self.stream)
            self.phase = phase
        self.bar.update(count)

    def checked(self, count: int) -> None:
        self._advance("Checking rows", count)

    def written(self, count: int) -> None:
        self._advance("Writing responses", count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
