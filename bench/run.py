"""Run every bench/bench_*.py (or those named on the command line) and print one table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/justice_wp_bench python bench/run.py [bench_search ...]

Needs PostgreSQL. The database is created and migrated if needed; it must hold no data other than
what the benchmarks generate (they replace it), and it is emptied at the end. A module that fails
prints an error row and the run goes on.
"""

import importlib
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/justice_wp_bench"


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "justice_wp.settings")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(f"Benchmarks need PostgreSQL; DATABASE_URL is {os.environ['DATABASE_URL']!r}.")
    _create_database(connection)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from devdata.bench import data as benchdata

    if benchdata.foreign_data_exists():
        sys.exit(
            f"{connection.settings_dict['NAME']!r} holds evidence the benchmarks did not generate, and "
            "they would delete it. Point DATABASE_URL at a dedicated database."
        )


def _create_database(connection) -> None:
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError:
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        print(f"Created database {name!r}.", file=sys.stderr)


def discover(names: list[str]) -> list[str]:
    found = sorted(
        module.name
        for module in pkgutil.iter_modules([str(ROOT / "bench")])
        if module.name.startswith("bench_")
    )
    unknown = set(names) - set(found)
    if unknown:
        sys.exit(f"No such benchmark: {', '.join(sorted(unknown))}. Available: {', '.join(found)}.")
    return [name for name in found if not names or name in names]


def run_module(name: str) -> list:
    from bench.common import Row

    started = time.perf_counter()
    print(f"Running {name}...", file=sys.stderr, flush=True)
    try:
        rows = [Row(*row) for row in importlib.import_module(f"bench.{name}").run()]
    except Exception as error:  # one failing benchmark must not hide the others' figures
        traceback.print_exc()
        rows = [Row(name, "error", f"{type(error).__name__}: {error}".replace("\n", " ")[:200])]
    print(f"  {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    for row in rows:
        print("  " + " | ".join(cells(row)), file=sys.stderr, flush=True)
    return rows


def cells(row) -> tuple[str, ...]:
    return (row.benchmark, row.measurement, row.result, row.goal, row.verdict)


def table(rows: list) -> str:
    header = ("Benchmark", "Measurement", "Result", "Goal", "Goal met?")
    lines = [cells(row) for row in rows]
    widths = [max(len(values[i]) for values in [header, *lines]) for i in range(len(header))]

    def line(values):
        return (
            "| "
            + " | ".join(str(cell).ljust(width) for cell, width in zip(values, widths, strict=True))
            + " |"
        )

    return "\n".join([line(header), line(["-" * width for width in widths]), *map(line, lines)])


def main(argv: list[str]) -> int:
    setup()
    from bench import common
    from devdata.bench import data as benchdata

    rows = []
    try:
        for name in discover(argv):
            rows.extend(run_module(name))
    finally:
        benchdata.clear()
        common.remove_bench_users()
    print(table(rows))
    missed = [row for row in rows if row.met is False]
    if missed:
        print(f"{len(missed)} of {sum(row.met is not None for row in rows)} goals not met in this run.")
    return 1 if any(row.measurement == "error" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
