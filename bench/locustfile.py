"""The load test's users for locust (run by bench/load.py, which seeds the data and starts the servers).

Secretariat users browse, search, log evidence through the admin add form and import a small survey
file (uploaded on one app server, previewed and confirmed on the other); members and the chair browse
recommendations and evidence and tag evidence to recommendations with the evidence list action. Every
request goes to the next app server in turn (round-robin over LOAD hosts), so sessions, CSRF tokens and
import uploads must work across servers. Each write carries a unique marker (`LOAD-<run>-<user>-<hex>`)
that load.py looks up in the database afterwards; the writes and whether the server confirmed them are
saved to the run's writes file when locust stops.

Statistics are reset when the last user has logged in (the login burst is not the steady state); what
failed before that is saved with the writes and counted by load.py."""

import itertools
import json
import os
import random
import re
import secrets
from urllib.parse import urlencode

from locust import HttpUser, between, events

from bench.loadforms import FormData, FormError, csrf_token, error_text, form_from

RUN = json.loads(open(os.environ["LOAD_RUN_FILE"], encoding="utf-8").read())  # noqa: SIM115
HOSTS = RUN["hosts"]
THINK = RUN["think"]
CHANGELIST = "/admin/evidence/evidenceitem/"
SELECTED = re.compile(r'name="_selected_action" value="(\d+)"')
SEARCH_WORDS = ["tribunal", "procurement", "backlog", "probation", "helpline", "OAJ-0042", "council"]

_accounts = {role: iter(names) for role, names in RUN["accounts"].items()}
_hosts = itertools.count()
writes: list[tuple[str, str, bool]] = []  # (kind, marker, confirmed by the server)
login_phase = {"logged in": 0, "reset": False, "requests": 0, "failures": 0, "failure samples": []}


def _why(response) -> str:
    """The admin's error message; for no response at all (status 0), the connection error."""
    if response.status_code == 0 and response.error is not None:
        return f"{type(response.error).__name__}: {response.error}"[:200]
    return error_text(response.text)


class LoadUser(HttpUser):
    abstract = True
    role = ""
    wait_time = between(THINK * 0.5, THINK * 1.5)
    host = HOSTS[0]

    def on_start(self):
        self.username = next(_accounts[self.role])
        self.rng = random.Random(self.username)
        self.turn = next(_hosts)  # users start on different servers, then alternate per request
        form = self.form("/admin/login/", "login form", "login-form")
        form.update({"username": self.username, "password": RUN["password"], "next": "/admin/"})
        self.submit("/admin/login/", form, "login (POST)", after="admin home after login")
        login_phase["logged in"] += 1
        if login_phase["logged in"] == self.environment.runner.target_user_count:
            total = self.environment.runner.stats.total
            login_phase.update(requests=total.num_requests, failures=total.num_failures, reset=True)
            login_phase["failure samples"] = [
                f"{error.name}: {error.error}" for error in self.environment.runner.stats.errors.values()
            ][:10]
            self.environment.runner.stats.reset_all()

    def url(self, path: str) -> str:
        self.turn += 1
        return HOSTS[self.turn % len(HOSTS)] + path

    def get(self, path: str, name: str):
        # No redirect is followed: a lost session (a redirect to the login page) is a failure.
        with self.client.get(
            self.url(path), name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"GET {path} → {response.status_code} {_why(response)}")
            return response

    def form(self, path: str, name: str, form_id: str):
        response = self.get(path, name)
        return form_from(response.text, form_id)

    def submit(self, path: str, form, name: str, confirm: str = "", after: str = "page after save") -> bool:
        """POST a form (never retried: it could write twice); True when the server confirmed the save by
        redirecting (as the admin does) and, if `confirm` is given, the page after shows that message.
        The page after the redirect is fetched from the next server."""
        with self.client.post(
            self.url(path),
            data=form.pairs,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"POST {path} → {response.status_code} {_why(response)}")
                return False
        location = response.headers.get("Location", "")
        if not location.startswith("/"):
            return not confirm
        page = self.get(location, after)
        return page.status_code == 200 and (not confirm or confirm in page.text)

    def marker(self) -> str:
        return f"LOAD-{RUN['run_id']}-{self.username}-{secrets.token_hex(3)}"

    def browse_evidence(self):
        self.get(f"{CHANGELIST}?p={self.rng.randint(1, 20)}", "evidence list")

    def search_evidence(self):
        self.get(f"{CHANGELIST}?q={self.rng.choice(SEARCH_WORDS)}", "evidence search")

    def evidence_detail(self):
        self.get(f"{CHANGELIST}{self.rng.choice(RUN['evidence_pks'])}/change/", "evidence detail")

    def recommendation_list(self):
        self.get("/admin/recommendations/recommendation/", "recommendation list")

    def recommendation_detail(self):
        pk = self.rng.choice(RUN["recommendation_pks"])
        self.get(f"/admin/recommendations/recommendation/{pk}/change/", "recommendation detail")

    def tag_evidence(self):
        """Find an item by its reference, tick it, choose the tagging action, fill in its form, apply.
        Each tagger tags only items from its own slice, so two never race for one pair (which the
        database would refuse as a duplicate link); any number may tag the same recommendation."""
        mine = RUN["slices"].get(self.username, [])
        rec = self.rng.choice(RUN["taggable_pks"])
        candidates = [pk for pk in self.rng.sample(mine, k=min(20, len(mine))) if (rec, pk) not in LINKED]
        if not candidates:
            return
        evidence = candidates[0]
        LINKED.add((rec, evidence))
        search = f"{CHANGELIST}?{urlencode({'q': RUN['references'][str(evidence)]})}"
        page = self.get(search, "evidence search")
        if page.status_code != 200 or str(evidence) not in SELECTED.findall(page.text):
            return  # not visible to this user: nothing to tag
        chosen = form_from(page.text, "changelist-form")
        chosen.update({"action": "tag_to_recommendation", "_selected_action": str(evidence), "index": "0"})
        with self.client.post(
            self.url(search), data=chosen.pairs, name="tag evidence form (POST)", catch_response=True
        ) as intermediate:
            if intermediate.status_code != 200:
                intermediate.failure(f"POST tag form → {intermediate.status_code}")
                return
        form = form_from(intermediate.text, "tag-evidence-form")
        marker = self.marker()
        form.update(
            {
                "recommendation": str(rec),
                "stance": self.rng.choice(["supports", "supports", "contradicts", "context"]),
                "strength": str(self.rng.randint(1, 3)),
                "note": marker,
                "apply": "Tag these items",
            }
        )
        # The action answers with a redirect either way; only its success message confirms the link.
        writes.append(
            ("link", marker, self.submit(search, form, "tag evidence (POST)", "1 item(s) tagged to"))
        )


LINKED = {tuple(pair) for pair in RUN["linked"]}


class SecretariatUser(LoadUser):
    role = "Secretariat"
    weight = 1

    def log_evidence(self):
        marker = self.marker()
        form = self.form(f"{CHANGELIST}add/", "evidence add form", "evidenceitem_form")
        form.update(
            {
                "title": f"Load test submission {marker}",
                "kind": "written_submission",
                "received_on": "2023-11-20",
                "confidentiality": "publishable",
                "summary": "Submitted during the load test.",
                "body": f"Evidence body {marker}. "
                + " ".join(self.rng.choice(SEARCH_WORDS) for _ in range(40)),
                "_save": "Save",
            }
        )
        writes.append(("evidence", marker, self.submit(f"{CHANGELIST}add/", form, "log evidence (POST)")))

    def import_survey(self):
        """Upload a three-response file on one server; preview and confirm it on the other."""
        marker = self.marker()
        rows = [f"{marker}-{n},0{n + 1}/11/2023 10:00,Answer {n} for {marker}" for n in range(3)]
        content = "\n".join(["Response ID,Timestamp,q3", *rows]).encode()
        page = self.get(f"{CHANGELIST}import-survey/", "import form")
        form = FormData(
            [("csrfmiddlewaretoken", csrf_token(page.text)), ("survey", str(RUN["import_survey_pk"]))]
        )
        with self.client.post(
            self.url(f"{CHANGELIST}import-survey/"),
            data=form.pairs,
            files={"file": ("load.csv", content, "text/csv")},
            name="import upload (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as upload:
            if upload.status_code != 302:
                upload.failure(f"POST import upload → {upload.status_code} {error_text(upload.text)}")
                writes.append(("import", marker, False))
                return
        preview_path = upload.headers["Location"]
        # url() moves on to the other server for the preview; the confirm goes to the preview's server.
        with self.client.get(
            self.url(preview_path), name="import preview", allow_redirects=False, catch_response=True
        ) as preview:
            if preview.status_code != 200 or "Check the import" not in preview.text:
                preview.failure(f"GET import preview → {preview.status_code} {error_text(preview.text)}")
                writes.append(("import", marker, False))
                return
        self.turn -= 1
        confirm = FormData([("csrfmiddlewaretoken", csrf_token(preview.text)), ("confirm", "Import")])
        confirmed = self.submit(preview_path, confirm, "import confirm (POST)", "Imported 3 response(s)")
        writes.append(("import", marker, confirmed))

    tasks = {
        lambda self: self.get("/admin/", "admin home"): 5,
        LoadUser.browse_evidence: 15,
        LoadUser.search_evidence: 10,
        lambda self: self.get(f"{CHANGELIST}?status__exact=received", "evidence filtered"): 5,
        LoadUser.evidence_detail: 10,
        log_evidence: 5,
        import_survey: 2,
    }


class MemberUser(LoadUser):
    role = "Member"
    weight = 1
    tasks = {
        LoadUser.recommendation_list: 2,
        LoadUser.recommendation_detail: 2,
        LoadUser.browse_evidence: 2,
        LoadUser.search_evidence: 1,
        LoadUser.evidence_detail: 1,
        LoadUser.tag_evidence: 2,
    }


class ChairUser(LoadUser):
    role = "Chair"
    fixed_count = RUN["chairs"]
    tasks = {
        LoadUser.recommendation_list: 3,
        LoadUser.recommendation_detail: 3,
        LoadUser.browse_evidence: 1,
        LoadUser.search_evidence: 1,
        LoadUser.tag_evidence: 1,
    }


@events.test_stop.add_listener
def save_writes(environment, **kwargs):
    with open(RUN["writes_file"], "w", encoding="utf-8") as out:
        json.dump({"writes": writes, "login phase": login_phase}, out)


@events.user_error.add_listener
def form_missing(user_instance, exception, tb, **kwargs):
    """A page without the expected form (e.g. permission denied) is a failed request, not a crash."""
    if isinstance(exception, FormError):
        events.request.fire(
            request_type="FORM",
            name="form",
            response_time=0,
            response_length=0,
            exception=exception,
            context={},
        )
