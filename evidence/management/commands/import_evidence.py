"""manage.py import_evidence FILE (--survey SLUG [--create-questions] | --create-survey "Title")
[--dry-run] [--format csv|xlsx] [--user USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from evidence import import_services, services
from evidence.importing import FORMATS, ImportRefused
from evidence.models import Survey


class Command(BaseCommand):
    help = (
        "Import a survey export (CSV or XLSX) into a survey. Every row is checked first; if any row has "
        "an error nothing is written. Responses already imported are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--survey", help="The survey's slug, e.g. tender-contract.")
        target.add_argument(
            "--create-survey",
            metavar="TITLE",
            help="Create a survey with this title, its questions from the file's columns; import into it.",
        )
        parser.add_argument(
            "--create-questions",
            action="store_true",
            help="Add the file's columns that match no question of the survey as new questions (q8, q9…).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row; write nothing.")
        parser.add_argument("--format", choices=FORMATS, help="Override detection from the file's content.")
        parser.add_argument("--user", help="Username recorded as the importer in history.")

    def handle(
        self, *args, file: Path, survey, create_survey, create_questions, dry_run, format, user, **options
    ):
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user “{user}”.")
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        content = file.read_bytes()
        progress = _Progress(stream=self.stderr, disable=options["verbosity"] == 0)
        try:
            # A dry run may create the survey and questions to check the rows against: rolled back.
            with transaction.atomic():
                survey_obj = self._survey(survey, create_survey, by)
                added = []
                if create_questions or create_survey:
                    added = import_services.survey_questions_from_file(
                        survey=survey_obj, content=content, filename=file.name, by=by, file_format=format
                    )
                plan = services.survey_responses_import(
                    survey=survey_obj,
                    content=content,
                    filename=file.name,
                    by=by,
                    dry_run=dry_run,
                    file_format=format,
                    on_checked=progress.checked,
                    on_written=progress.written,
                )
                if dry_run or not plan.ok:
                    transaction.set_rollback(True)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:  # a survey or question that cannot be created as asked
            raise CommandError(" ".join(error.messages)) from None
        finally:
            progress.close()
        verb = "Added" if plan.ok and not dry_run else "Would add"
        if create_survey:
            self.stdout.write(f"{verb} survey “{survey_obj}” (slug {survey_obj.slug}).")
        for question in added:
            self.stdout.write(f"{verb} question {question.code} “{question.text}”.")
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
        for duplicate in plan.duplicates:
            self.stdout.write(
                f"Row {duplicate.row}: possible duplicate, {duplicate.reason} {duplicate.reference}".rstrip()
            )
        if dry_run:
            self.stdout.write(f"Dry run: {len(plan.responses)} response(s) would be imported{skipped}.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {plan.written} response(s) into “{survey_obj}”{skipped}"
                    + (f" (import batch {plan.batch.pk})." if plan.batch else ".")
                )
            )

    @staticmethod
    def _survey(slug, title, by):
        if title:
            return import_services.survey_create(name=title, by=by)
        try:
            return Survey.objects.get(slug=slug)
        except Survey.DoesNotExist:
            known = ", ".join(Survey.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No survey with slug “{slug}”. Known surveys: {known}.") from None


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
