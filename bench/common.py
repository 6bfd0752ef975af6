"""Helpers shared by the benchmark modules: the data set, logged-in clients and timed requests.

The data set is shared by the modules of one run (generating 100,000 items takes minutes):
`ensure_dataset` tops it up to the size a module needs, and `bench/run.py` empties it at the end.
"""

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devdata.bench import data as benchdata

BENCH_USER_PREFIX = "bench-"


class Row(NamedTuple):
    """One line of the `make bench` table. A line with a goal says whether this run met it."""

    benchmark: str
    measurement: str
    result: str
    goal: str = ""
    met: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT MET", None: ""}[self.met]


def ensure_dataset(*, evidence: int, recommendations: int = 0, links: int = 0) -> None:
    """Make the database hold exactly `evidence` items, and at least `recommendations` with
    `links` links if asked. Smaller sets are topped up, so going 1k → 100k costs only the difference."""
    counts = benchdata.existing_counts()
    if counts["evidence items"] > evidence:
        benchdata.clear()
        counts = benchdata.existing_counts()
    missing_recommendations = max(0, recommendations - counts["recommendations"])
    benchdata.generate(
        evidence=evidence - counts["evidence items"],
        recommendations=missing_recommendations,
        links=links if missing_recommendations else 0,
    )
    with connection.cursor() as cursor:
        # What autovacuum does after a real load: planner statistics, and the visibility map that
        # lets counts use index-only scans.
        cursor.execute("VACUUM ANALYZE")


@contextmanager
def rolled_back():
    """A transaction whose writes (a benchmark's throwaway data) are undone when the block ends."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def user_for(role: str):
    """A staff user holding `role` (Secretariat, Member or Chair)."""
    user, _ = get_user_model().objects.get_or_create(
        username=f"{BENCH_USER_PREFIX}{role.lower()}", defaults={"is_staff": True}
    )
    user.groups.set([Group.objects.get(name=role)])
    return user


def client_for(role: str) -> Client:
    """A test client logged in as a staff user holding `role`."""
    client = Client()
    client.force_login(user_for(role))
    return client


def remove_bench_users() -> None:
    get_user_model().objects.filter(username__startswith=BENCH_USER_PREFIX).delete()


@dataclass
class Timing:
    p50_ms: float
    p95_ms: float
    queries: int
    sql_ms: float = 0.0  # p50 of the time spent in the database (as Django records it)

    def __str__(self) -> str:
        return f"p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, {self.queries} queries"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_calls(call, repeat: int = 20) -> Timing:
    """Run `call` once to warm caches, then `repeat` times; the query count is the last run's."""
    call()
    durations, sql = [], []
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            durations.append((time.perf_counter() - started) * 1000)
        sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    return Timing(
        statistics.median(durations),
        percentile(durations, 0.95),
        len(captured.captured_queries),
        statistics.median(sql),
    )


def time_get(client: Client, url: str, params: dict | None = None, repeat: int = 20) -> Timing:
    """Time a logged-in GET as a user would make it; fails loudly unless the page answers 200."""

    def get():
        response = client.get(url, params or {})
        if response.status_code != 200:
            raise AssertionError(f"GET {url} {params or ''} answered {response.status_code}")

    return time_calls(get, repeat)


def ratio(large: float, small: float) -> str:
    return f"{large / small:.2f}×" if small else "n/a"
