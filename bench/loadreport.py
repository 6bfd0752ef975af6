"""The load test's report (bench/load.py): latency percentiles per page, throughput, write checks."""

import json
import math
import os
from pathlib import Path

from bench.loadusers import Run


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _p95(values: list[float]) -> str:
    return f"{percentile(values, 95):.0f}" if values else "—"


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
        "| Page | Requests | Errors | p50 ms | p95 ms | p99 ms | p95 ms after all logins |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    all_times, all_steady = [], []
    for page in sorted(run.timings):
        times, steady = run.timings[page], run.steady(page)
        all_times += times
        all_steady += steady
        lines.append(
            f"| {page} | {len(times)} | {run.errors[page]} | {percentile(times, 50):.0f} | "
            f"{percentile(times, 95):.0f} | {percentile(times, 99):.0f} | {_p95(steady)} |"
        )
    if all_times:
        lines.append(
            f"| **all** | **{len(all_times)}** | **{sum(run.errors.values())}** | "
            f"**{percentile(all_times, 50):.0f}** | **{percentile(all_times, 95):.0f}** | "
            f"**{percentile(all_times, 99):.0f}** | **{_p95(all_steady)}** |"
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
