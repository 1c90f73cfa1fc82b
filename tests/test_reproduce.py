"""`python -m minigrad reproduce`: runs the article's experiments, prints the table, writes the figures."""
from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest

from minigrad.__main__ import main
from minigrad.article import EXPERIMENTS, lr_schedule, run_experiments

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(path) -> None:
    assert path.exists(), f"expected the figure {path}"
    assert path.read_bytes()[:8] == PNG_SIGNATURE, f"{path} is not a PNG"


def test_reproduce_only_e1_e5_writes_one_png_per_experiment_and_prints_the_table(tmp_path, capsys):
    assert main(["reproduce", "--only", "E1,E5", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for name in ("E1", "E5", "E5b"):
        assert_png(tmp_path / f"{name}.png")
        assert f"\n{name:4} |" in out, f"expected a table row for {name} in:\n{out}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["E1.png", "E5.png", "E5b.png"]
    assert "what the article reports" in out and "val MAE" in out


def test_reproduce_reports_that_lr_schedule_middle_branches_never_fire(tmp_path, capsys):
    main(["reproduce", "--only", "E5", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "Never used: 0.01, 0.001" in out, out
    assert "Learning rates fit used in E5: 0.02 (epochs 0 to 4), 0.0001 (epochs 5 to 99)" in out, out
    assert "0.01 (epochs 5 to 24), 0.001 (epochs 25 to 49)" in out, "expected the intended schedule's rates"


def test_reproduce_shows_progress_on_stderr(tmp_path, capsys):
    main(["reproduce", "--only", "E2", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert "[1/1] E2" in err, f"expected a progress line, got: {err!r}"


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal, so the progress line is drawn into it."""

    def isatty(self):
        return True


def test_reproduce_with_seeds_on_a_terminal_draws_a_progress_line_for_the_runs_and_one_for_the_figures(
        tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    assert main(["reproduce", "--only", "E1,E2", "--seeds", "3", "--out", str(tmp_path)]) == 0
    drawn = sys.stderr.getvalue()
    runs, figures = [line.split("\r")[-1] for line in drawn.rstrip("\n").split("\n")]  # as last redrawn
    assert runs.startswith("reproduce over 3 seeds: E2") and " 2/2 " in runs, drawn
    assert figures.startswith("figures: E2_seeds.png") and " 4/4 " in figures, "E1, E2 and their band figures"
    assert "[1/2]" not in drawn, "on a terminal the per-experiment lines are the progress detail"


def test_reproduce_prints_the_same_stdout_whether_or_not_progress_is_drawn(tmp_path, capsys, monkeypatch):
    """Everything but the closing line, which says how long the runs took."""
    main(["reproduce", "--only", "E2", "--out", str(tmp_path)])
    plain = capsys.readouterr().out.splitlines()
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    main(["reproduce", "--only", "E2", "--out", str(tmp_path)])
    drawn = capsys.readouterr().out.splitlines()
    assert drawn[:-1] == plain[:-1] and sys.stderr.getvalue(), (plain, drawn)


def test_reproduce_quiet_writes_nothing_on_stderr_even_on_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    assert main(["reproduce", "--only", "E2", "--seeds", "2", "--quiet", "--out", str(tmp_path)]) == 0
    assert sys.stderr.getvalue() == "" and "E2 " in capsys.readouterr().out


def test_reproduce_with_seeds_reports_median_min_max(tmp_path, capsys):
    main(["reproduce", "--only", "E2", "--seeds", "3", "--seed", "4", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "Over seeds 4 to 6: median [min, max]" in out, out
    row = next(line for line in out.splitlines() if line.startswith("E2 "))
    assert row.count("[") == 3, f"expected median [min, max] for train MAE, val MAE and W: {row}"


def test_reproduce_momentum_experiments_say_the_hyper_parameters_are_our_choice(tmp_path, capsys):
    main(["reproduce", "--only", "E9", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "SGD(learning_rate=1e-4, momentum=0.9) is minigrad's choice" in out, out
    assert_png(tmp_path / "overview_2x_plus_5.png")


def test_reproduce_unknown_experiment_fails_with_a_suggestion(tmp_path, capsys):
    assert main(["reproduce", "--only", "E11", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Unknown experiment: 'E11'" in err and "Known experiment names: E1, E10" in err, err
    assert not tmp_path.joinpath("E1.png").exists()


def test_run_experiments_trains_without_plotting_and_reports_progress():
    messages = []
    results = run_experiments(only=["E1", "E9"], seed=0, progress=messages.append)
    assert list(results) == ["E1", "E9"]
    assert len(messages) == 2 and messages[0].startswith("[1/2] E1"), messages
    assert len(results["E9"].weights["b"]) == EXPERIMENTS["E9"].epochs
    assert results["E1"].history["learning_rate"][0] == pytest.approx(0.1)


def test_run_experiments_same_seed_gives_identical_runs():
    first, second = run_experiments(["E2"], seed=3)["E2"], run_experiments(["E2"], seed=3)["E2"]
    np.testing.assert_array_equal(first.weights["W"], second.weights["W"])
    assert first.history == second.history


def test_lr_schedule_is_the_articles_buggy_schedule():
    """As written: 0.02 before epoch 5, else 0.0001; 0.01 and 0.001 are unreachable."""
    assert [lr_schedule(epoch) for epoch in (0, 4, 5, 6, 25, 26, 50, 99)] == [0.02, 0.02] + [0.0001] * 6


def test_importing_the_reproduction_does_not_import_matplotlib():
    code = ("import sys, minigrad.reproduce, minigrad.article; "
            "minigrad.article.run_experiments(['E1']); print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", done.stdout + done.stderr


def test_python_m_minigrad_lists_the_reproduce_command():
    done = subprocess.run([sys.executable, "-m", "minigrad", "reproduce", "--help"], capture_output=True,
                          text=True, check=True)
    assert "--only" in done.stdout and "--seeds" in done.stdout, done.stdout


def test_reproduce_with_seeds_prints_the_fraction_of_seeds_each_claim_holds_in(tmp_path, capsys):
    """E1 with 4 seeds: both of its claims hold on every seed (the bands are checked on tf.keras too)."""
    main(["reproduce", "--only", "E1", "--seeds", "4", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "The article's claims over 4 seeds:" in out
    assert "E1   |     100% | MAE never drops: last-10-epoch training MAE > 30" in out, out


def test_reproduce_with_seeds_draws_the_band_over_seeds(tmp_path, capsys):
    main(["reproduce", "--only", "E2", "--seeds", "3", "--out", str(tmp_path)])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["E2.png", "E2_seeds.png"]


def test_a_half_done_course_runs_every_experiment_it_can_and_names_what_the_others_need(tmp_path, capsys, monkeypatch):
    """In an exercise copy whose Adam is not written yet, E2 (SGD) still runs and E6 (Adam) says it needs adam."""
    import minigrad.optimizers

    def unfinished(*args, **kwargs):
        raise NotImplementedError("Exercise adam: write Adam's update; see the docstring and tests/...")

    monkeypatch.setattr(minigrad.optimizers.Adam, "update_step", unfinished)
    status = main(["reproduce", "--only", "E2,E6", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 1
    assert "E2 " in out and "E6: needs adam" in out, out
    assert (tmp_path / "E2.png").exists() and not (tmp_path / "E6.png").exists()
