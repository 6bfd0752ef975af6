"""Development data: the demo (`seed_demo`, used by `make run`) and benchmark volumes
(`generate_bench_data`, used by `make bench`/`make load`).

A dev-only place: no app imports it (an import-linter contract), so nothing in production depends on
demo or bench code; it is installed so its management commands exist everywhere."""
