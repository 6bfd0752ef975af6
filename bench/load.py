"""Load test (`make load`): concurrent secretariat and members against gunicorn on loopback.

Seeds bench data, starts gunicorn with the production settings (DJANGO_DEBUG=0, PostgreSQL) on
127.0.0.1, and runs N users for a bounded time and number of requests. Secretariat users browse,
search and log evidence through the real admin add form (CSRF included); members browse, find an item by its
reference and tag it to a recommendation with the evidence list action "Tag selected evidence to
recommendation…" (which adds a link without saving the recommendation, so members tagging the same
recommendation at once never collide with its optimistic locking). Each write carries a
unique marker; afterwards every write is looked up in the database: it must be there exactly once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python bench/load.py [--users 20 --duration 60]
"""

import argparse
import faulthandler
import io
import os
import platform
import secrets
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadclient import Client  # noqa: E402
from bench.loadreport import report  # noqa: E402
from bench.loadusers import LOOPBACK, Run, user_session  # noqa: E402

MAX_USERS, MAX_DURATION, MAX_REQUESTS = 100, 600, 200_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent users, half secretariat (max 100)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (max 600)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="stop after this many requests")
    parser.add_argument("--think", type=float, default=3.0, help="mean pause between a user's steps, s")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which users arrive")
    parser.add_argument(
        "--evidence",
        type=int,
        default=5000,
        help="evidence items generate_bench_data seeds in an empty database",
    )
    parser.add_argument(
        "--recommendations", type=int, default=100, help="recommendations seeded with them (100 links each)"
    )
    parser.add_argument("--port", type=int, default=8765, help="loopback port for gunicorn")
    parser.add_argument("--workers", default=os.environ.get("GUNICORN_WORKERS", "3"))
    parser.add_argument("--threads", default=os.environ.get("GUNICORN_THREADS", "4"))
    parser.add_argument("--keep", action="store_true", help="keep the load test's writes afterwards")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS or not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--users must be 1..{MAX_USERS} and --duration 0..{MAX_DURATION} s")
    args.max_requests = min(args.max_requests, MAX_REQUESTS)
    return args


def production_env() -> dict[str, str]:
    """The settings gunicorn and this process share: production mode, on loopback over plain HTTP."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The load test needs PostgreSQL: set DATABASE_URL=postgres://user@127.0.0.1:5432/name")
    return {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "justice_wp.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": LOOPBACK,
        # Loopback has no TLS: no redirect to https. (Cookies marked Secure still work: the load
        # client sends them back over http, which only a browser would refuse.)
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def prepare(args, password: str) -> dict:
    """Migrate, seed bench data and the load users, collect static files. Returns what users need."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from evidence.models import EvidenceItem
    from recommendations.models import EvidenceLink, Recommendation

    call_command("migrate", verbosity=0)
    if EvidenceItem.objects.exists():
        # A database that already holds data (e.g. an earlier load run's) is used as it is: the load
        # test never deletes anything but its own writes.
        seeded_by = "existing data"
    else:
        call_command(
            "generate_bench_data",
            evidence=args.evidence,
            recommendations=args.recommendations,
            stdout=io.StringIO(),
        )
        seeded_by = "generate_bench_data"
    call_command("collectstatic", interactive=False, verbosity=0)

    users = []
    for n in range(args.users):
        role = "Secretariat" if n % 2 == 0 else "Member"
        user, _ = get_user_model().objects.get_or_create(username=f"load-{role.lower()}-{n:02d}")
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users.append((user.username, role))
    members = [name for name, role in users if role == "Member"] or ["-"]
    references = dict(EvidenceItem.objects.values_list("pk", "reference"))
    evidence_pks = list(references)
    linked = set(EvidenceLink.objects.values_list("recommendation_id", "evidence_id"))
    return {
        "users": users,
        "seeded_by": seeded_by,
        "evidence_pks": evidence_pks,
        "recommendation_pks": list(Recommendation.objects.values_list("pk", flat=True)),
        # The tagging form offers only recommendations that are not withdrawn.
        "taggable_pks": list(
            Recommendation.objects.exclude(status=Recommendation.Status.WITHDRAWN).values_list(
                "pk", flat=True
            )
        ),
        "references": references,
        # Each member tags from its own slice of the evidence, so two members never race for one pair.
        "slices": {name: evidence_pks[i :: len(members)] for i, name in enumerate(members)},
        "linked": linked,
        "sizes": {
            "evidence items": len(evidence_pks),
            "recommendations": Recommendation.objects.count(),
            "evidence links": len(linked),
        },
    }


def start_gunicorn(args, env: dict, log: Path) -> subprocess.Popen:
    """gunicorn with the repository's config; its output (the JSON request log) goes to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env={
            **os.environ,
            **env,
            "GUNICORN_BIND": f"{LOOPBACK}:{args.port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
        },
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Client(LOOPBACK, args.port).get("/healthz", "healthz") is not None:
            return server
        if server.poll() is not None:
            sys.exit(f"gunicorn exited during start-up: see {log}.")
        time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz with 200 within 30 s.")


def verify(run: Run) -> dict[str, int]:
    """Look every write up: confirmed writes must exist exactly once; unconfirmed ones at most once."""
    from django.db import connections

    from evidence.models import EvidenceItem
    from recommendations.models import EvidenceLink

    connections.close_all()
    prefix = f"LOAD-{run.run_id}-"
    titles = Counter(
        title.removeprefix("Load test submission ")
        for title in EvidenceItem.objects.filter(title__contains=prefix).values_list("title", flat=True)
    )
    notes = Counter(EvidenceLink.objects.filter(note__startswith=prefix).values_list("note", flat=True))
    found = {"evidence": titles, "link": notes}
    result = Counter()
    for kind, marker, confirmed in run.writes:
        count = found[kind][marker]
        result["writes confirmed"] += confirmed
        result["lost (confirmed, not stored)"] += confirmed and count == 0
        result["duplicated (stored twice or more)"] += count > 1
        result["unconfirmed but stored"] += not confirmed and count == 1
    sent = {marker for _, marker, _ in run.writes}
    result["stored but never sent"] = sum(
        count for counts in found.values() for marker, count in counts.items() if marker not in sent
    )
    if not run.args.keep:
        EvidenceLink.objects.filter(note__startswith=prefix).delete()
        EvidenceItem.objects.filter(title__contains=prefix).delete()
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {pg}"


def main(argv=None) -> int:
    args = parse_args(argv)
    # A hard stop whatever happens: set-up, the run itself, and the checks afterwards.
    faulthandler.dump_traceback_later(args.duration + 900, exit=True)
    env = production_env()
    os.environ.update(env)
    password = secrets.token_urlsafe(16)
    data = prepare(args, password)
    info = {
        "sizes": data["sizes"],
        "seeded_by": data["seeded_by"],
        "machine": machine(),
        "load_before": os.getloadavg()[0],
    }
    run = Run(args, data, password)
    log = ROOT / "bench" / "out" / f"load-{run.run_id}.log"
    server = start_gunicorn(args, env, log)
    info["log"] = log
    started = time.monotonic()
    run.deadline = started + args.duration
    try:
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            futures = [
                pool.submit(user_session, run, name, role, seed)
                for seed, (name, role) in enumerate(data["users"])
            ]
            for future in futures:
                future.result()
    finally:
        elapsed = time.monotonic() - started
        server.terminate()
        server.wait(timeout=60)
    checks = verify(run)
    print(report(run, elapsed, checks, info))
    print(f"\nServer log (one JSON line per request): {log}")
    failed = (
        sum(run.errors.values())
        or checks["lost (confirmed, not stored)"]
        or checks["duplicated (stored twice or more)"]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
