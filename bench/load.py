"""Load test (`make load`): locust users (bench/locustfile.py) against two gunicorn servers sharing one
PostgreSQL database, as a scaled-out deployment would run.

Seeds bench data (generate_bench_data) and the load users, starts gunicorn with the production settings
(DJANGO_DEBUG=0, PostgreSQL) on two loopback ports, and runs locust headless for a bounded time:
secretariat users, members and the chair, every request going to the next server in turn (round-robin),
so logins, sessions, CSRF tokens and survey imports (uploaded on one server, confirmed on the other)
must work across servers. Afterwards every write is looked up in the database: a confirmed write must
be there exactly once. The report is built from locust's CSV statistics.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python bench/load.py [--users 50 --duration 60]
"""

import argparse
import faulthandler
import io
import json
import os
import platform
import secrets
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadreport import report  # noqa: E402

LOOPBACK = "127.0.0.1"
MAX_USERS, MAX_DURATION = 100, 600


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="concurrent users (max 100)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (max 600)")
    parser.add_argument("--think", type=float, default=3.0, help="mean pause between a user's steps, s")
    parser.add_argument(
        "--evidence",
        type=int,
        default=5000,
        help="evidence items generate_bench_data seeds in an empty database",
    )
    parser.add_argument(
        "--recommendations", type=int, default=100, help="recommendations seeded with them (100 links each)"
    )
    parser.add_argument("--port", type=int, default=8765, help="loopback port of the first server")
    parser.add_argument("--servers", type=int, default=2, help="gunicorn servers, on consecutive ports")
    parser.add_argument("--workers", default=os.environ.get("GUNICORN_WORKERS", "2"), help="per server")
    parser.add_argument("--threads", default=os.environ.get("GUNICORN_THREADS", "4"))
    parser.add_argument("--keep", action="store_true", help="keep the load test's writes afterwards")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS or not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--users must be 1..{MAX_USERS} and --duration 1..{MAX_DURATION} s")
    if args.servers < 1:
        parser.error("--servers must be at least 1")
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
        # Loopback has no TLS: no redirect to https, and cookies not marked Secure (locust's HTTP
        # client, like a browser, would not send Secure cookies over http).
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def prepare(args, password: str) -> dict:
    """Migrate, seed bench data and the load users, collect static files. Returns what users need."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from evidence.models import EvidenceItem, Survey
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

    # Enough accounts for however locust divides the users between the roles; one password hash.
    chairs = max(1, args.users // 10)
    hashed = make_password(password)
    accounts = {}
    for role, count in (("Secretariat", args.users), ("Member", args.users), ("Chair", chairs)):
        accounts[role] = []
        for n in range(count):
            user, _ = get_user_model().objects.update_or_create(
                username=f"load-{role.lower()}-{n:02d}",
                defaults={"is_staff": True, "is_active": True, "password": hashed},
            )
            user.groups.set([Group.objects.get(name=role)])
            accounts[role].append(user.username)
    taggers = accounts["Member"] + accounts["Chair"]
    references = dict(EvidenceItem.objects.values_list("pk", "reference"))
    evidence_pks = list(references)
    linked = list(EvidenceLink.objects.values_list("recommendation_id", "evidence_id"))
    return {
        "accounts": accounts,
        "chairs": chairs,
        "seeded_by": seeded_by,
        "evidence_pks": evidence_pks,
        "recommendation_pks": list(Recommendation.objects.values_list("pk", flat=True)),
        # The tagging form offers only recommendations that are not withdrawn.
        "taggable_pks": list(
            Recommendation.objects.exclude(status=Recommendation.Status.WITHDRAWN).values_list(
                "pk", flat=True
            )
        ),
        "references": {str(pk): reference for pk, reference in references.items()},
        # Each tagger tags from its own slice of the evidence, so two never race for one pair.
        "slices": {name: evidence_pks[i :: len(taggers)] for i, name in enumerate(taggers)},
        "linked": linked,
        "import_survey_pk": Survey.objects.get(slug="tender-contract").pk,
        "sizes": {
            "evidence items": len(evidence_pks),
            "recommendations": Recommendation.objects.count(),
            "evidence links": len(linked),
        },
    }


def start_gunicorn(args, env: dict, port: int, log: Path) -> subprocess.Popen:
    """gunicorn with the repository's config; its output (the JSON request log) goes to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env={
            **os.environ,
            **env,
            "GUNICORN_BIND": f"{LOOPBACK}:{port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
            # Longer than a user's longest pause: a server closing an idle connection just as the
            # client reuses it resets the request, which browsers retry but the load generator does not.
            "GUNICORN_KEEPALIVE": str(round(args.think * 1.5) + 10),
        },
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit(f"gunicorn exited during start-up: see {log}.")
        time.sleep(0.3)
    server.terminate()
    sys.exit(f"gunicorn on port {port} did not answer /healthz with 200 within 60 s.")


def run_locust(args, run_file: Path, csv_prefix: Path, hosts: list[str]) -> int:
    """locust headless with its CSV statistics (csv_prefix + _stats.csv, _failures.csv, _exceptions.csv)."""
    command = [
        str(Path(sys.executable).parent / "locust"),
        *("-f", str(ROOT / "bench" / "locustfile.py"), "--headless"),
        *("-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s"),
        *("--csv", str(csv_prefix), "--host", hosts[0], "--only-summary", "--stop-timeout", "30"),
        *("--loglevel", "WARNING"),
    ]
    env = {**os.environ, "LOAD_RUN_FILE": str(run_file), "PYTHONPATH": str(ROOT)}
    with Path(f"{csv_prefix}-locust.log").open("w") as log:
        return subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode


def verify(run_id: str, writes: list, keep: bool) -> dict[str, int]:
    """Look every write up: confirmed writes must exist exactly once (an import: its three responses);
    unconfirmed ones at most once."""
    from django.db import connections

    from evidence.models import EvidenceItem
    from recommendations.models import EvidenceLink

    connections.close_all()
    prefix = f"LOAD-{run_id}-"
    titles = Counter(
        title.removeprefix("Load test submission ")
        for title in EvidenceItem.objects.filter(title__contains=prefix).values_list("title", flat=True)
    )
    notes = Counter(EvidenceLink.objects.filter(note__startswith=prefix).values_list("note", flat=True))
    imported = Counter(
        external_id.rsplit("-", 1)[0]
        for external_id in EvidenceItem.objects.filter(external_id__startswith=prefix).values_list(
            "external_id", flat=True
        )
    )
    found = {"evidence": titles, "link": notes, "import": imported}
    per_write = {"evidence": 1, "link": 1, "import": 3}
    result = Counter()
    for kind, marker, confirmed in writes:
        count, expected = found[kind][marker], per_write[kind]
        result[f"{kind} writes confirmed"] += confirmed
        result["lost (confirmed, not stored)"] += confirmed and count < expected
        result["duplicated (stored twice or more)"] += count > expected
        result["unconfirmed but stored"] += not confirmed and count == expected
    sent = {marker for _, marker, _ in writes}
    result["stored but never sent"] = sum(
        count for counts in found.values() for marker, count in counts.items() if marker not in sent
    )
    if not keep:
        from evidence.models import ImportBatch

        EvidenceLink.objects.filter(note__startswith=prefix).delete()
        items = EvidenceItem.objects.filter(title__contains=prefix) | EvidenceItem.objects.filter(
            external_id__startswith=prefix
        )
        batches = set(items.exclude(import_batch=None).values_list("import_batch", flat=True))
        items.delete()
        ImportBatch.objects.filter(pk__in=batches).delete()
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
    run_id = time.strftime("%H%M%S", time.gmtime()) + secrets.token_hex(2)
    out = ROOT / "bench" / "out"
    hosts = [f"http://{LOOPBACK}:{args.port + n}" for n in range(args.servers)]
    run_file, writes_file = out / f"load-{run_id}.json", out / f"load-{run_id}-writes.json"
    out.mkdir(parents=True, exist_ok=True)
    run_file.write_text(
        json.dumps(
            {
                **{key: value for key, value in data.items() if key not in {"sizes", "seeded_by"}},
                "run_id": run_id,
                "password": password,
                "hosts": hosts,
                "think": args.think,
                "writes_file": str(writes_file),
            }
        )
    )
    logs = [out / f"load-{run_id}-server{n + 1}.log" for n in range(args.servers)]
    info = {
        "run_id": run_id,
        "sizes": data["sizes"],
        "seeded_by": data["seeded_by"],
        "machine": machine(),
        "hosts": hosts,
        "logs": logs,
    }
    servers = []
    try:
        for n, log in enumerate(logs):
            servers.append(start_gunicorn(args, env, args.port + n, log))
        info["load_before"] = os.getloadavg()[0]
        started = time.monotonic()
        run_locust(args, run_file, out / f"load-{run_id}", hosts)
        elapsed = time.monotonic() - started
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=60)
    recorded = json.loads(writes_file.read_text())
    checks = verify(run_id, recorded["writes"], args.keep)
    text, errors = report(args, out / f"load-{run_id}", elapsed, checks, recorded["login phase"], info)
    print(text)
    failed = errors or checks["lost (confirmed, not stored)"] or checks["duplicated (stored twice or more)"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
