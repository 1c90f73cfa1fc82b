"""Rerun the article's experiments E1 to E10 with minigrad, print what they give beside what the article
reports, and redraw its figures (training and validation MAE, W and b, and the learning rate per epoch).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from minigrad._progress import Progress
from minigrad.article.claims import Run, fractions
from minigrad.article.experiments import EXPERIMENTS, Experiment, ExperimentResult, run_experiment, select
from minigrad.article.report import results_table, schedule_report
from minigrad.article.seeds import run_over_seeds
from minigrad.study.notebook import unfinished_exercises

OVERVIEW = ("E7", "E8", "E9", "E10")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="figures", help="folder for the PNG figures (default: figures)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first run (default: 0)")
    parser.add_argument("--only", default=None,
                        help=f"comma-separated experiments, e.g. E1,E5 (default: all of {', '.join(EXPERIMENTS)})")
    parser.add_argument("--seeds", type=int, default=1,
                        help="rerun every experiment with this many seeds (vectorized): median [min, max], "
                             "bands over seeds and the fraction of seeds in which each claim holds")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress on stderr (it is drawn only on a terminal anyway)")


def _chosen(text: str | None) -> list[Experiment]:
    """The experiments `--only` names (all without it)."""
    return select([name.strip().upper().replace("B", "b") for name in (text or "").split(",") if name.strip()])


def write_figures(results: dict[str, ExperimentResult], out: str | Path,
                  progress: Callable[[str], None] | None = None) -> list[Path]:
    """One PNG per experiment (error, W and b, learning rate when it changes) and an overview of E7 to E10.

    Args:
        results: `{id: ExperimentResult}`.
        out: the folder to write to.
        progress: called with each file's name once it is written.

    Returns:
        The paths written.
    """
    from minigrad.plotting import plot_run, plot_runs, save_figure

    out = Path(out)
    paths = []
    for experiment_id, result in results.items():
        experiment = result.experiment
        figure = plot_run(result.history, result.weights, targets=experiment.targets,
                          title=f"{experiment_id}: {experiment.title} (seed {result.seed})")
        paths.append(save_figure(figure, out / f"{experiment_id}.png"))
        if progress:
            progress(paths[-1].name)
    compared = {f"{i}: {results[i].experiment.title.split(', ', 1)[1]}": {**results[i].history, **results[i].weights}
                for i in OVERVIEW if i in results}
    if compared:
        figure = plot_runs(compared, metrics=("val_mae", "W", "b"), log=(True, False, False),
                           title="Learning f(x) = 2x + 5: Adam() against SGD(1e-4, momentum=0.9)")
        paths.append(save_figure(figure, out / "overview_2x_plus_5.png"))
        if progress:
            progress(paths[-1].name)
    return paths


def not_run_report(needs: dict[str, list[str]]) -> str:
    """The experiments that could not run, each with the study exercises it needs."""
    lines = ["Not run, because an exercise is not done yet (python -m minigrad study --check .):"]
    lines += [f"  {experiment_id}: needs {', '.join(ids)}" for experiment_id, ids in needs.items()]
    return "\n".join(lines)


def claims_table(runs: dict[str, list[Run]]) -> str:
    """The article's claims (`minigrad.article.claims`) and the fraction of seeds in which each holds."""
    seeds = len(next(iter(runs.values())))
    lines = [f"The article's claims over {seeds} seeds:", f"{'':4} | {'holds in':>8} | claim", "-" * 72]
    lines += [f"{claim.experiment:4} | {fraction:>8.0%} | {claim.text}" for claim, fraction in fractions(runs)]
    return "\n".join(lines)


def write_bands(runs: dict[str, list[ExperimentResult]], out: str | Path,
                progress: Callable[[str], None] | None = None) -> list[Path]:
    """One PNG per experiment: validation MAE, W (and b) per epoch, median and 10-90% band over the seeds;
    `progress` is called with each file's name once it is written."""
    from minigrad.plotting import plot_band, save_figure

    paths = []
    for experiment_id, results in runs.items():
        experiment = results[0].experiment
        series = {"val_mae": np.array([r.history["val_mae"] for r in results])}
        series.update({name: np.array([r.weights[name] for r in results]) for name in results[0].weights})
        figure = plot_band(series, targets=experiment.targets, title=f"{experiment_id}: {experiment.title}")
        paths.append(save_figure(figure, Path(out) / f"{experiment_id}_seeds.png"))
        if progress:
            progress(paths[-1].name)
    return paths


def run(args: argparse.Namespace) -> int:
    try:
        if args.seeds < 1:
            raise ValueError(f"`--seeds` must be a positive integer. Received: --seeds {args.seeds}")
        if args.seed < 0:
            raise ValueError(f"`--seed` must be a non-negative integer. Received: --seed {args.seed}")
        chosen = _chosen(args.only)
    except ValueError as error:
        print(f"python -m minigrad reproduce: error: {error}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    runs: dict[str, list[ExperimentResult]] = {}
    claim_runs: dict[str, list[Run]] = {}
    needs: dict[str, list[str]] = {}
    label = "reproduce" + (f" over {args.seeds} seeds" if args.seeds > 1 else "")
    with Progress(label, total=len(chosen), quiet=args.quiet) as progress:
        for number, experiment in enumerate(chosen, 1):
            try:
                if args.seeds > 1:
                    claim_runs[experiment.id], runs[experiment.id] = run_over_seeds(
                        experiment, range(args.seed, args.seed + args.seeds))
                else:
                    runs[experiment.id] = [run_experiment(experiment, args.seed)]
            except NotImplementedError as error:
                needs[experiment.id] = unfinished_exercises(error)
                progress.advance(f"{experiment.id} needs {', '.join(needs[experiment.id])}")
                continue
            progress.advance(f"{experiment.id} {experiment.title}")
            if not (args.quiet or progress.shown):
                print(f"[{number}/{len(chosen)}] {experiment.id} {experiment.title}: "
                      f"{runs[experiment.id][0].seconds * len(runs[experiment.id]):.2f} s", file=sys.stderr)
    seconds = time.perf_counter() - start
    if not runs:
        print(not_run_report(needs), file=sys.stderr)
        return 1
    figures = len(runs) * (2 if claim_runs else 1) + any(i in runs for i in OVERVIEW)
    with Progress("figures", total=figures, quiet=args.quiet) as progress:
        paths = write_figures({experiment_id: results[0] for experiment_id, results in runs.items()}, args.out,
                              progress.advance)
        if claim_runs:
            paths += write_bands(runs, args.out, progress.advance)
    print(results_table(runs))
    if any(i in runs for i in ("E9", "E10")):
        print("E9 and E10: SGD(learning_rate=1e-4, momentum=0.9) is minigrad's choice; the article does not "
              "give its SGD-with-momentum hyper-parameters.")
    for experiment_id in ("E5", "E7"):
        if experiment_id in runs:
            print(f"{experiment_id}: {EXPERIMENTS[experiment_id].note}.")
    if "E5" in runs or "E5b" in runs:
        print(f"\n{schedule_report(runs)}")
    if claim_runs:
        print(f"\n{claims_table(claim_runs)}")
    print(f"\n{sum(map(len, runs.values()))} runs in {seconds:.1f} s; {len(paths)} figures in {args.out}/ "
          f"(seed {args.seed}{' and bands over all seeds' if claim_runs else ''}).")
    if needs:
        print(not_run_report(needs))
    return 1 if needs else 0
