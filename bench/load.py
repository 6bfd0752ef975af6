"""Load test (`make load`): concurrent secretariat and members against gunicorn on loopback.

Seeds bench data, starts gunicorn with the production settings (DJANGO_DEBUG=0, PostgreSQL) on
127.0.0.1, and runs N users for a bounded time and number of requests. Secretariat users browse,
search and log evidence through the real admin add form (CSRF included); members browse and tag
evidence to recommendations through the recommendation's evidence-link inline. Each write carries a
unique marker; afterwards every write is looked up in the database: it must be there exactly once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python bench/load.py [--users 20 --duration 60]
"""

import argparse
import datetime
import faulthandler
import io
import json
import math
import os
import platform
import random
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadclient import Client, FormError  # noqa: E402

MAX_USERS, MAX_DURATION, MAX_REQUESTS = 100, 600, 200_000
LOOPBACK = "127.0.0.1"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent users, half secretariat (max 100)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (max 600)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="stop after this many requests")
    parser.add_argument("--think", type=float, default=3.0, help="mean pause between a user's steps, s")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which users arrive")
    parser.add_argument("--evidence", type=int, default=5000, help="bench evidence items to seed")
    parser.add_argument("--recommendations", type=int, default=100, help="bench recommendations to seed")
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
    from django.core.management import call_command, get_commands

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from evidence.models import EvidenceItem
    from recommendations.models import EvidenceLink, Recommendation

    call_command("migrate", verbosity=0)
    if "generate_bench_data" in get_commands():
        call_command("generate_bench_data", evidence=args.evidence, recommendations=args.recommendations)
        seeded_by = "generate_bench_data"
    else:
        from bench.seed_load import seed

        call_command("seed_demo", stdout=io.StringIO())
        seed(evidence=args.evidence, recommendations=args.recommendations)
        seeded_by = "seed_demo + bench/seed_load.py"
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
    evidence_pks = list(EvidenceItem.objects.values_list("pk", flat=True))
    linked = set(EvidenceLink.objects.values_list("recommendation_id", "evidence_id"))
    return {
        "users": users,
        "seeded_by": seeded_by,
        "evidence_pks": evidence_pks,
        "recommendation_pks": list(Recommendation.objects.values_list("pk", flat=True)),
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


class Run:
    """Shared state of one run: request budget, deadline, timings, errors and the writes made."""

    def __init__(self, args, data, password):
        self.args, self.data, self.password = args, data, password
        self.run_id = datetime.datetime.now(datetime.UTC).strftime("%H%M%S") + secrets.token_hex(2)
        self.deadline = time.monotonic() + args.duration
        self.lock = threading.Lock()
        self.requests = 0
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.error_samples: list[str] = []
        self.writes: list[tuple[str, str, bool]] = []  # (kind, marker, confirmed by the server)

    def record(self, page: str, seconds: float, ok: bool, detail: str = "") -> bool:
        with self.lock:
            self.requests += 1
            self.timings[page].append(seconds * 1000)
            if not ok:
                self.errors[page] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{page}: {detail}")
            return self.requests < self.args.max_requests and time.monotonic() < self.deadline

    def going(self) -> bool:
        return self.requests < self.args.max_requests and time.monotonic() < self.deadline


def secretariat_session(run: Run, client: Client, username: str, rng: random.Random) -> None:
    pks = run.data["evidence_pks"]
    steps = [
        (1, lambda: client.get("/admin/", "admin home")),
        (3, lambda: client.get(f"/admin/evidence/evidenceitem/?p={rng.randint(1, 20)}", "evidence list")),
        (
            2,
            lambda: client.get(
                f"/admin/evidence/evidenceitem/?q={rng.choice(SEARCH_WORDS)}", "evidence search"
            ),
        ),
        (1, lambda: client.get("/admin/evidence/evidenceitem/?status__exact=received", "evidence filtered")),
        (2, lambda: client.get(f"/admin/evidence/evidenceitem/{rng.choice(pks)}/change/", "evidence detail")),
        (1, lambda: log_evidence(run, client, username, rng)),
    ]
    loop(run, rng, steps)


def member_session(run: Run, client: Client, username: str, rng: random.Random) -> None:
    recs, pks = run.data["recommendation_pks"], run.data["evidence_pks"]
    steps = [
        (2, lambda: client.get("/admin/recommendations/recommendation/", "recommendation list")),
        (
            2,
            lambda: client.get(
                f"/admin/recommendations/recommendation/{rng.choice(recs)}/change/", "recommendation detail"
            ),
        ),
        (2, lambda: client.get(f"/admin/evidence/evidenceitem/?p={rng.randint(1, 20)}", "evidence list")),
        (
            1,
            lambda: client.get(
                f"/admin/evidence/evidenceitem/?q={rng.choice(SEARCH_WORDS)}", "evidence search"
            ),
        ),
        (1, lambda: client.get(f"/admin/evidence/evidenceitem/{rng.choice(pks)}/change/", "evidence detail")),
        (2, lambda: tag_evidence(run, client, username, rng)),
    ]
    loop(run, rng, steps)


SEARCH_WORDS = ["tribunal", "procurement", "backlog", "probation", "helpline", "OAJ-0042", "council"]


def loop(run: Run, rng: random.Random, steps) -> None:
    weights = [weight for weight, _ in steps]
    actions = [action for _, action in steps]
    while run.going():
        rng.choices(actions, weights)[0]()
        if run.args.think:
            time.sleep(rng.uniform(0.5, 1.5) * run.args.think)


def log_evidence(run: Run, client: Client, username: str, rng: random.Random) -> None:
    marker = f"LOAD-{run.run_id}-{username}-{secrets.token_hex(3)}"
    form = client.form("/admin/evidence/evidenceitem/add/", "evidence add form", "evidenceitem_form")
    if form is None:
        return
    form.update(
        {
            "title": f"Load test submission {marker}",
            "kind": "written_submission",
            "received_on": "2023-11-20",
            "confidentiality": "publishable",
            "summary": "Submitted during the load test.",
            "body": f"Evidence body {marker}. " + " ".join(rng.choice(SEARCH_WORDS) for _ in range(40)),
            "_save": "Save",
        }
    )
    confirmed = client.submit("/admin/evidence/evidenceitem/add/", form, "log evidence (POST)")
    with run.lock:
        run.writes.append(("evidence", marker, confirmed))


def tag_evidence(run: Run, client: Client, username: str, rng: random.Random) -> None:
    mine = run.data["slices"].get(username, [])
    rec = rng.choice(run.data["recommendation_pks"])
    candidates = [pk for pk in rng.sample(mine, k=min(20, len(mine))) if (rec, pk) not in run.data["linked"]]
    if not candidates:
        return
    evidence = candidates[0]
    with run.lock:
        run.data["linked"].add((rec, evidence))
    url = f"/admin/recommendations/recommendation/{rec}/change/"
    form = client.form(url, "recommendation detail", "recommendation_form")
    if form is None:
        return
    marker = f"LOAD-{run.run_id}-{username}-{secrets.token_hex(3)}"
    row = int(form["links-TOTAL_FORMS"])
    form["links-TOTAL_FORMS"] = str(row + 1)
    form.update(
        {
            f"links-{row}-recommendation": str(rec),
            f"links-{row}-evidence": str(evidence),
            f"links-{row}-stance": rng.choice(["supports", "supports", "contradicts", "context"]),
            f"links-{row}-strength": str(rng.randint(1, 3)),
            f"links-{row}-note": marker,
            "_save": "Save",
        }
    )
    confirmed = client.submit(url, form, "tag evidence (POST)")
    with run.lock:
        run.writes.append(("link", marker, confirmed))


def user_session(run: Run, username: str, role: str, seed: int) -> None:
    # Users arrive spread over the ramp-up, as people do, rather than all logging in in one instant.
    time.sleep(run.args.ramp * seed / run.args.users)
    client = Client(LOOPBACK, run.args.port, run.record)
    if not client.login(username, run.password):
        return
    rng = random.Random(seed)
    try:
        (secretariat_session if role == "Secretariat" else member_session)(run, client, username, rng)
    except FormError as error:
        run.record("form", 0, False, str(error))


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


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def report(run: Run, elapsed: float, checks: dict, env_info: dict) -> str:
    lines = [
        f"Load test {run.run_id}: {run.args.users} users "
        f"({run.args.users - run.args.users // 2} secretariat, {run.args.users // 2} members), "
        f"{elapsed:.0f} s (users arriving over {run.args.ramp:g} s), think time {run.args.think:g} s mean; "
        f"gunicorn {run.args.workers} workers × {run.args.threads} threads; data: {env_info['sizes']} "
        f"({env_info['seeded_by']})",
        f"Machine: {env_info['machine']}; load average before/after: {env_info['load_before']:.1f} / "
        f"{os.getloadavg()[0]:.1f} (shared machine: other processes compete for the same cores)",
        "",
        "| Page | Requests | Errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    all_times = []
    for page in sorted(run.timings):
        times = run.timings[page]
        all_times += times
        lines.append(
            f"| {page} | {len(times)} | {run.errors[page]} | {percentile(times, 50):.0f} | "
            f"{percentile(times, 95):.0f} | {percentile(times, 99):.0f} |"
        )
    if all_times:
        lines.append(
            f"| **all** | **{len(all_times)}** | **{sum(run.errors.values())}** | "
            f"**{percentile(all_times, 50):.0f}** | **{percentile(all_times, 95):.0f}** | "
            f"**{percentile(all_times, 99):.0f}** |"
        )
    lines += ["", f"Throughput: {len(all_times) / elapsed:.1f} requests/s"]
    served = server_durations(env_info["log"])
    if served:
        lines.append(
            f"Server-side time (JSON request log, excludes queueing before a worker thread picks the "
            f"request up): {len(served)} requests, p50 {percentile(served, 50):.0f} ms, "
            f"p95 {percentile(served, 95):.0f} ms, p99 {percentile(served, 99):.0f} ms"
        )
    lines += ["", "Writes:"]
    lines += [f"- {name}: {value}" for name, value in checks.items()]
    if run.error_samples:
        lines += ["", "First errors:"] + [f"- {sample}" for sample in run.error_samples]
    return "\n".join(lines)


def server_durations(log: Path) -> list[float]:
    durations = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            durations.append(json.loads(line)["duration_ms"])
    return durations


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
