"""The printed part of the reproduction: the results table and what the article's `lr_schedule` really does."""
from __future__ import annotations

import textwrap

import numpy as np

from minigrad.article.experiments import ExperimentResult, intended_lr_schedule, lr_schedule
from minigrad.optimizers.schedules import describe

_COLUMNS = ("train MAE", "val MAE", "W", "b")
_KEYS = ("mae", "val_mae", "W", "b")
_ARTICLE_WIDTH = 44


def spread(values: list[float]) -> str:
    """One value as `1.234` (four significant digits, 0.99998 reads `1.000`); several as `median [min, max]`.

    Example:
    >>> spread([2.0]), spread([3.0, 1.0, 2.0])
    ('2.000', '2.000 [1.000, 3.000]')
    """
    if len(values) == 1:
        return f"{values[0]:#.4g}"
    return f"{np.median(values):#.4g} [{min(values):#.4g}, {max(values):#.4g}]"


def results_table(runs: dict[str, list[ExperimentResult]]) -> str:
    """experiment | what the article reports | final train MAE, val MAE, W and b (spread over the seeds).

    Args:
        runs: `{id: [one ExperimentResult per seed]}`; the article's words are wrapped over several lines.
    """
    cells: list[tuple[str, list[str], list[str]]] = []
    for experiment_id, results in runs.items():
        numbers = [spread([r.final(key) for r in results]) if key in results[0].weights or key in results[0].history
                   else "-" for key in _KEYS]
        words = textwrap.wrap(results[0].experiment.article, _ARTICLE_WIDTH) or [""]
        cells.append((experiment_id, words, numbers))
    widths = [max([len(column)] + [len(numbers[i]) for *_, numbers in cells]) for i, column in enumerate(_COLUMNS)]
    header = (f"{'':4} | {'what the article reports':<{_ARTICLE_WIDTH}} | "
              + " | ".join(f"{c:>{w}}" for c, w in zip(_COLUMNS, widths, strict=True)))
    lines = [header, "-" * len(header)]
    for experiment_id, words, numbers in cells:
        lines.append(f"{experiment_id:4} | {words[0]:<{_ARTICLE_WIDTH}} | "
                     + " | ".join(f"{n:>{w}}" for n, w in zip(numbers, widths, strict=True)))
        lines.extend(f"{'':4} | {line:<{_ARTICLE_WIDTH}} |" for line in words[1:])
    seeds = sorted({r.seed for results in runs.values() for r in results})
    if len(seeds) > 1:
        lines.append(f"Over seeds {seeds[0]} to {seeds[-1]}: median [min, max] of the last epoch's values.")
    return "\n".join(lines)


def epoch_ranges(rates: list[float]) -> str:
    """The learning rates of a run as `0.02 (epochs 0 to 4), 0.0001 (epochs 5 to 99)`.

    Example:
    >>> epoch_ranges([0.02, 0.02, 0.0001])
    '0.02 (epochs 0 to 1), 0.0001 (epoch 2)'
    """
    parts, start = [], 0
    for epoch in range(1, len(rates) + 1):
        if epoch == len(rates) or not np.isclose(rates[epoch], rates[start]):
            span = f"epoch {start}" if epoch - 1 == start else f"epochs {start} to {epoch - 1}"
            parts.append(f"{rates[start]:.4g} ({span})")
            start = epoch
    return ", ".join(parts)


def schedule_report(runs: dict[str, list[ExperimentResult]]) -> str:
    """What the article's `lr_schedule` does (the inspector's view and the rates `fit` used), and the fix."""
    lines = ["The article's lr_schedule, as written (E5):",
             "    elif 5>=epoch>25:      # never true: no epoch is both <= 5 and > 25",
             "    elif 25>=epoch>50:     # never true either",
             describe(lr_schedule, epochs=100)]
    if "E5" in runs:
        used = runs["E5"][0].history["learning_rate"]
        lines.append(f"Learning rates fit used in E5: {epoch_ranges(used)}")
    lines += ["", "The schedule the author meant (E5b), with each comparison the right way round:",
              describe(intended_lr_schedule, epochs=100)]
    if "E5b" in runs:
        lines.append(f"Learning rates fit used in E5b: {epoch_ranges(runs['E5b'][0].history['learning_rate'])}")
    return "\n".join(lines)
