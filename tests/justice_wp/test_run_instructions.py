"""Issue 20: `make run` and the README send a new user to the same place (the dashboard at /)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_and_the_readme_both_point_at_the_dashboard():
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "http://$(HOST):$(PORT)/ (the dashboard)" in run_recipe
    assert "/admin/" not in run_recipe
    readme = (ROOT / "README.md").read_text()
    assert "Open <http://127.0.0.1:8000/> for the dashboard" in readme
