"""The load test's report (bench/load.py), from locust's CSV statistics: latency percentiles per page
after all users logged in (the statistics are reset then), the login phase, throughput, write checks."""

import csv
import json
import math
import os
from pathlib import Path


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def report(args, prefix: Path, elapsed: float, checks: dict, login_phase: dict, info: dict):
    """The report's text, and the number of errors (failed requests, before and after the logins, and
    exceptions in the users' code)."""
    stats = _rows(Path(f"{prefix}_stats.csv"))
    failures = _rows(Path(f"{prefix}_failures.csv"))
    exceptions = _rows(Path(f"{prefix}_exceptions.csv"))
    load_after = os.getloadavg()[0]
    lines = [
        f"Load test {info['run_id']}: locust, {args.users} users (secretariat, members and the chair)"
        f" started at {args.spawn_rate:g}/s, {elapsed:.0f} s, think time {args.think:g} s mean; "
        f"{len(info['hosts'])} gunicorn servers ({', '.join(info['hosts'])}) × {args.workers} workers × "
        f"{args.threads} threads, one PostgreSQL, requests round-robin; data: {info['sizes']} "
        f"({info['seeded_by']})",
        f"Machine: {info['machine']}; load average (1 min) before/after: {info['load_before']:.2f} / "
        f"{load_after:.2f} (shared machine: other processes compete for the same cores)",
        "",
        (
            f"Login phase (until the last user logged in; statistics reset then): {login_phase['logged in']} "
            f"logins, {login_phase['requests']} requests, {login_phase['failures']} failures"
            if login_phase["reset"]
            else f"Not every user had logged in by the end ({login_phase['logged in']} of {args.users}): the "
            "statistics were never reset and include the login phase"
        ),
        "",
        "After all logins (locust CSV):"
        if login_phase["reset"]
        else "Whole run, logins included (locust CSV):",
        "",
        "| Page | Requests | Failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    total = None
    for row in stats:
        if row["Name"] == "Aggregated":
            total = row
            continue
        if int(row["Request Count"]):
            lines.append(_line(row, row["Name"]))
    if total is not None:
        lines.append(_line(total, "**all**"))
        lines += ["", f"Throughput: {float(total['Requests/s']):.1f} requests/s"]
    errors = (
        login_phase["failures"]
        + (int(total["Failure Count"]) if total else 0)
        + sum(int(row.get("Count", 1)) for row in exceptions)
    )
    per_server = [server_requests(log) for log in info["logs"]]
    lines.append(
        "Requests per server (whole run; logged in = the session the user opened, on either server, was "
        "recognised): "
        + "; ".join(
            f"{host}: {total} ({signed_in} logged in)"
            for host, (total, signed_in) in zip(info["hosts"], per_server, strict=True)
        )
    )
    served = server_durations(info["logs"])
    if served:
        lines.append(
            f"Server-side time (both servers' JSON request logs, whole run, excludes queueing before a "
            f"worker thread picks the request up): {len(served)} requests, p50 {percentile(served, 50):.0f} "
            f"ms, p95 {percentile(served, 95):.0f} ms"
        )
    lines += ["", f"Errors: {errors}", "", "Writes:"]
    lines += [f"- {name}: {value}" for name, value in sorted(checks.items())]
    samples = [f"{row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in failures]
    samples += [f"{row['Message']} ({row['Count']}×)" for row in exceptions]
    samples += login_phase["failure samples"]
    if samples:
        lines += ["", "First errors:"] + [f"- {sample}" for sample in samples[:10]]
    return "\n".join(lines), errors


def _line(row: dict, name: str) -> str:
    return (
        f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
        f"{row['99%']} | {float(row['Max Response Time']):.0f} |"
    )


def server_requests(log: Path) -> tuple[int, int]:
    """Requests a server answered, and how many of them for a logged-in user."""
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return len(entries), sum(1 for entry in entries if entry.get("user_id"))


def server_durations(logs: list[Path]) -> list[float]:
    durations = []
    for log in logs:
        for line in log.read_text().splitlines():
            if line.startswith("{"):
                durations.append(json.loads(line)["duration_ms"])
    return durations
