"""The load test's users: what secretariat and members do, and the shared record of a run.

Each write carries a unique marker (`LOAD-<run>-<user>-<hex>`) so `verify` in load.py can find it."""

import datetime
import random
import re
import secrets
import threading
import time
from collections import Counter, defaultdict
from urllib.parse import urlencode

from bench.loadclient import Client, FormError

LOOPBACK = "127.0.0.1"


class Run:
    """Shared state of one run: request budget, deadline, timings, errors and the writes made."""

    def __init__(self, args, data, password):
        self.args, self.data, self.password = args, data, password
        self.run_id = datetime.datetime.now(datetime.UTC).strftime("%H%M%S") + secrets.token_hex(2)
        self.deadline = time.monotonic() + args.duration
        self.lock = threading.Lock()
        self.requests = 0
        self.timings: dict[str, list[float]] = defaultdict(list)
        # When each request ended, to separate the login burst from the steady state after it.
        self.ended: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.error_samples: list[str] = []
        self.writes: list[tuple[str, str, bool]] = []  # (kind, marker, confirmed by the server)

    def record(self, page: str, seconds: float, ok: bool, detail: str = "") -> bool:
        with self.lock:
            self.requests += 1
            self.timings[page].append(seconds * 1000)
            self.ended[page].append(time.monotonic())
            if not ok:
                self.errors[page] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{page}: {detail}")
            return self.requests < self.args.max_requests and time.monotonic() < self.deadline

    def steady(self, page: str) -> list[float]:
        """Timings of the requests that ended after the last user had logged in."""
        logged_in = max(self.ended.get("login (POST)", [0.0]))
        return [ms for ms, end in zip(self.timings[page], self.ended[page], strict=True) if end > logged_in]

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


CHANGELIST = "/admin/evidence/evidenceitem/"
SELECTED = re.compile(r'name="_selected_action" value="(\d+)"')


def tag_evidence(run: Run, client: Client, username: str, rng: random.Random) -> None:
    """Find an item by its reference, tick it, choose the tagging action, fill in its form, apply.

    Each member tags only items from its own slice, so two members never race for one pair (which
    the database would refuse as a duplicate link); any number may tag the same recommendation."""
    mine = run.data["slices"].get(username, [])
    rec = rng.choice(run.data["taggable_pks"])
    candidates = [pk for pk in rng.sample(mine, k=min(20, len(mine))) if (rec, pk) not in run.data["linked"]]
    if not candidates:
        return
    evidence = candidates[0]
    with run.lock:
        run.data["linked"].add((rec, evidence))
    search = f"{CHANGELIST}?{urlencode({'q': run.data['references'][evidence]})}"
    page = client.get(search, "evidence search")
    if page is None or str(evidence) not in SELECTED.findall(page.body):
        return  # not visible to this member: nothing to tag
    chosen = client.form_from(page, "changelist-form")
    chosen.update({"action": "tag_to_recommendation", "_selected_action": str(evidence), "index": "0"})
    intermediate = client.post(search, chosen, "tag evidence form (POST)")
    if intermediate is None:
        return
    form = client.form_from(intermediate, "tag-evidence-form")
    marker = f"LOAD-{run.run_id}-{username}-{secrets.token_hex(3)}"
    form.update(
        {
            "recommendation": str(rec),
            "stance": rng.choice(["supports", "supports", "contradicts", "context"]),
            "strength": str(rng.randint(1, 3)),
            "note": marker,
            "apply": "Tag these items",
        }
    )
    # The action answers with a redirect either way; only its success message confirms the link.
    confirmed = client.submit(search, form, "tag evidence (POST)", confirm="1 item(s) tagged to")
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
