"""An explorable of the article: one self-contained HTML page, computed by minigrad, drawn by the browser.

Each view, optimizer and learning rate is trained over several seeds in one `sweep`; the page embeds the
statistics over seeds and its JavaScript only draws them (`python -m minigrad explore --out explorable/`).
"""
from __future__ import annotations

import base64
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

import minigrad as keras
from minigrad import analysis
from minigrad.article.experiments import identity_data, linear_data
from minigrad.lr_finder import find_lr
from minigrad.sweep import sweep

TEMPLATE = Path(__file__).with_name("page.html")
STATISTICS = ("p10", "median", "p90", "first seed")


@dataclass(frozen=True)
class View:
    """One of the article's problems: its weights' targets (W, then b with a bias) and the article's learning rates."""

    title: str
    caption: str
    use_bias: bool
    epochs: int
    targets: dict[str, float]
    article: dict[str, list[float]]

    def data(self) -> tuple[np.ndarray, ...]:
        return linear_data(100) if self.use_bias else identity_data()


VIEWS = {
    "identity": View("f(x) = x", "The article's first experiments (E1 to E6): learn f(x) = x with one weight, MAE "
                     "and batches of 32. Too large a rate and W keeps jumping over 1; too small and it crawls.",
                     False, 100, {"W": 1.0}, {"SGD": [0.1, 0.001, 0.0001], "SGD + decay 0.01": [0.01],
                                              "SGD + step schedule (E5b)": [0.02], "Adam": [0.001]}),
    "linear": View("f(x) = 2x + 5", "E7 and E9: learn f(x) = 2x + 5 from 100 points. W (inputs up to 99) fits "
                   "fast, while the bias b crawls: one learning rate cannot suit both.", True, 200,
                   {"W": 2.0, "b": 5.0}, {"Adam": [0.001], "SGD + momentum 0.9": [0.0001]}),
}


def step_schedule(epoch: int, lr: float) -> float:
    """E5b's schedule relative to the starting rate: halve it at epoch 5, then divide by 10 at 25 and at 50
    (from 0.02 it gives the article's intended 0.02, 0.01, 0.001, 0.0001)."""
    return lr * {5: 0.5, 25: 0.1, 50: 0.1}.get(epoch, 1.0)


OPTIMIZERS = {  # name: (class, keyword arguments, epoch schedule f(epoch, lr) or None)
    "SGD": (keras.optimizers.SGD, {}, None),
    "SGD + step schedule (E5b)": (keras.optimizers.SGD, {}, step_schedule),
    "SGD + momentum 0.9": (keras.optimizers.SGD, {"momentum": 0.9}, None),
    "SGD + decay 0.01": (keras.optimizers.SGD, {"decay": 0.01}, None),
    "RMSprop": (keras.optimizers.RMSprop, {}, None),
    "Adagrad": (keras.optimizers.Adagrad, {}, None),
    "Adam": (keras.optimizers.Adam, {}, None),
    "Nadam": (keras.optimizers.Nadam, {}, None),
}


def compute(views: Sequence[str] = tuple(VIEWS), optimizers: Sequence[str] = tuple(OPTIMIZERS),
            rates: Sequence[float] = tuple(np.logspace(-5, 0, 31)), seeds: Sequence[int] = tuple(range(20))) -> dict:
    """The page's numbers: for every view, optimizer and rate, each series' statistics over the seeds.

    Returns:
        `{"rates", "statistics", "views": {name: {"series", "epochs", ..., "optimizers": {name: {"values": (rates,
        series, statistics, epochs), "learning_rate": (rates, epochs) or None, "marks"}}}}}`, arrays as float32.
    """
    rates = np.asarray(rates, dtype=np.float32)
    out: dict[str, Any] = {"rates": rates, "statistics": list(STATISTICS), "views": {}}
    for view_name in views:
        view = VIEWS[view_name]
        x, y, x_val, y_val = view.data()
        series = ["mae", "val_mae", *view.targets]
        entry: dict[str, Any] = {"title": view.title, "caption": view.caption, "series": series,
                                 "epochs": view.epochs, "targets": view.targets, "optimizers": {}}
        critical = analysis.critical_learning_rate(x, use_bias=view.use_bias)
        for name in optimizers:
            cls, kwargs, schedule = OPTIMIZERS[name]
            model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=view.use_bias)])
            result = sweep(model, x, y, rates, optimizer=cls, loss="mae", epochs=view.epochs, batch_size=32,
                           validation_data=(x_val, y_val), shuffle=True, seeds=list(seeds), record_weights=True,
                           schedule=schedule, **kwargs)
            runs = {"mae": result.history["loss"], "val_mae": result.history["val_loss"],
                    **dict(zip(series[2:], result.weights_per_epoch))}
            values = np.stack([_statistics(runs[key].reshape(len(seeds), len(rates), -1)) for key in series], axis=1)
            keras.utils.set_random_seed(seeds[0])
            model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=view.use_bias)])
            model.compile(optimizer=cls(**kwargs), loss="mae")
            suggestion = find_lr(model, x, y, start_lr=float(rates[0]), end_lr=float(rates[-1])).suggestion
            entry["optimizers"][name] = {
                "values": values, "learning_rate": _changing_rates(cls, kwargs, schedule, rates, view, len(x)),
                "marks": {"article": view.article.get(name, []), "critical (MSE, 2 / largest curvature)": critical,
                          "LR range test": suggestion}}
        out["views"][view_name] = entry
    return out


def _statistics(per_seed: np.ndarray) -> np.ndarray:
    """(seeds, rates, epochs) -> (rates, statistics, epochs): 10th percentile, median, 90th, the first seed."""
    with np.errstate(invalid="ignore"):
        low, median, high = np.nanpercentile(np.where(np.isfinite(per_seed), per_seed, np.nan), [10, 50, 90], axis=0)
    return np.stack([low, median, high, per_seed[0]], axis=1).astype(np.float32)


def _changing_rates(cls: type, kwargs: dict, schedule: Any, rates: np.ndarray, view: View,
                    samples: int) -> np.ndarray | None:
    """Each rate's value at every epoch's last update when it changes (`decay=` or a schedule), else None."""
    if not kwargs.get("decay") and schedule is None:
        return None
    steps = math.ceil(samples / 32)
    table = []
    for rate in rates:
        optimizer, row = cls(learning_rate=float(rate), **kwargs), []
        for epoch in range(view.epochs):
            if schedule is not None:
                optimizer.learning_rate = schedule(epoch, float(optimizer.learning_rate))
            row.append(float(optimizer.learning_rate_at((epoch + 1) * steps - 1)))
        table.append(row)
    return np.array(table, dtype=np.float32)


def _encode(array: np.ndarray) -> str:
    """float16, little-endian, base64: a third of the size of decimal text (values beyond +-65,000 saturate)."""
    clipped = np.clip(np.asarray(array, dtype=np.float64), -6.5e4, 6.5e4)
    return base64.b64encode(clipped.astype("<f2").tobytes()).decode("ascii")


def page_data(numbers: dict) -> dict:
    """`compute`'s numbers with every array encoded, ready to embed as JSON."""
    views = {}
    for view_name, view in numbers["views"].items():
        optimizers = {name: {"values": _encode(entry["values"]), "shape": list(entry["values"].shape),
                             "learning_rate": (None if entry["learning_rate"] is None
                                               else _encode(entry["learning_rate"])),
                             "marks": entry["marks"]}
                      for name, entry in view["optimizers"].items()}
        views[view_name] = {**view, "optimizers": optimizers}
    return {"rates": [float(r) for r in numbers["rates"]], "statistics": numbers["statistics"], "views": views}


def write_page(out_dir: str | Path, **settings: Any) -> tuple[Path, dict]:
    """Computes the numbers (`compute(**settings)`) and writes `out_dir/index.html`; returns the path and numbers."""
    numbers = compute(**settings)
    html = TEMPLATE.read_text().replace("/*DATA*/null", json.dumps(page_data(numbers), separators=(",", ":")))
    path = Path(out_dir) / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html)
    return path, numbers


def add_arguments(parser: Any) -> None:
    parser.add_argument("--out", default="explorable", help="folder for index.html (default: explorable)")
    parser.add_argument("--seeds", type=int, default=20, help="seeds per learning rate (default: 20)")
    parser.add_argument("--rates", type=int, default=31, help="learning rates from 1e-5 to 1 (default: 31)")


def run(args: Any) -> int:
    if args.seeds < 1 or args.rates < 2:
        print(f"python -m minigrad explore: error: `--seeds` must be >= 1 and `--rates` >= 2. Received: "
              f"--seeds {args.seeds}, --rates {args.rates}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    path, _ = write_page(args.out, rates=tuple(np.logspace(-5, 0, args.rates)), seeds=tuple(range(args.seeds)))
    print(f"wrote {path} ({path.stat().st_size / 2**20:.2f} MiB) in {time.perf_counter() - start:.1f} s: open it "
          "in any browser, no Python or network needed.")
    return 0
