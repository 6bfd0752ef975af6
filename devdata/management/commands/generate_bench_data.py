import time

from django.core.management.base import BaseCommand, CommandError

from devdata.bench import data as benchdata


class Command(BaseCommand):
    help = (
        "Generate benchmark volumes: evidence items with survey answers, submitters and themes, "
        "recommendations and evidence links, with one history row per created record."
    )

    def add_arguments(self, parser):
        parser.add_argument("--evidence", type=int, default=100_000, help="Evidence items (default 100,000).")
        parser.add_argument("--recommendations", type=int, default=200, help="Recommendations (default 200).")
        parser.add_argument(
            "--links", type=int, default=None, help="Evidence links (default 100 per recommendation)."
        )
        parser.add_argument("--seed", type=int, default=2023, help="Random seed (same seed, same data).")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First delete ALL evidence, submitters, recommendations and links, with their history.",
        )

    def handle(self, *args, evidence, recommendations, links, seed, clear, **options):
        if min(evidence, recommendations, links or 0) < 0:
            raise CommandError("--evidence, --recommendations and --links cannot be negative.")
        if links is None:
            links = 100 * recommendations
        if links and not recommendations:
            raise CommandError("Links are generated for new recommendations: give --recommendations too.")
        if clear:
            benchdata.clear()
        else:
            existing = {name: count for name, count in benchdata.existing_counts().items() if count}
            if existing:
                found = ", ".join(f"{count:,} {name}" for name, count in existing.items())
                raise CommandError(
                    f"The database already holds {found}. Use a dedicated database, "
                    "or pass --clear to delete all of it first."
                )
        started = time.perf_counter()
        done = benchdata.generate(evidence=evidence, recommendations=recommendations, links=links, seed=seed)
        self.stdout.write(
            f"Created {done.evidence:,} evidence items, {done.answers:,} survey answers, "
            f"{done.submitters:,} submitters, {done.recommendations:,} recommendations and "
            f"{done.links:,} evidence links in {time.perf_counter() - started:.1f} s."
        )
