"""The explorable edition of the article: one self-contained HTML page, computed by minigrad, drawn by the browser.

`python -m minigrad explore --out explorable/` trains every setting a reader can choose (each optimizer,
learning rate, decay, schedule and input scaling of the article's experiments, over 20 seeds, with the
vectorized `sweep`) and writes `explorable/index.html`: one section per experiment, E1 to E10 and E5b, each
with its controls, the loss surface with the first seed's path scrubbed epoch by epoch, the per-epoch curves
(median and 10-90% band over seeds), a pinned setting to compare with, and the numbers of the chosen epoch.
The page embeds minigrad's numbers (as float16) and its JavaScript only draws them; it opens from disk,
without Python or a network.
"""
from __future__ import annotations

import base64
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from minigrad import analysis
from minigrad._progress import Progress
from minigrad.article.experiments import EXPERIMENTS
from minigrad.explore import studies
from minigrad.explore.sections import SECTIONS, Section
from minigrad.explore.studies import Study

TEMPLATE = Path(__file__).with_name("page.html")
ARTICLE_OPTIMIZERS = ("SGD", "SGD, momentum 0.9", "Adam")


def compute(rates: Sequence[float] = studies.RATES, seeds: Sequence[int] = tuple(range(20)),
            optimizers: Sequence[str] = tuple(studies.OPTIMIZERS), quiet: bool = True) -> dict[str, Any]:
    """The page's numbers: every study's settings trained over `seeds`, and the sections that draw them.

    Args:
        rates: the learning rates of the sliders (each section opens at the one nearest the article's).
        seeds: the seeds every setting is trained with; the first one's run is drawn on the loss surface.
        optimizers: names from `studies.OPTIMIZERS`, at least the article's SGD, SGD with momentum and Adam.
        quiet: no progress line on stderr.

    Returns:
        `{"seeds", "statistics", "studies": {name: {..., "bands", "run", "moment", ...}}, "sections": [...]}`,
        each study's arrays with a leading axis over its settings (`setting_index`).
    """
    rates, seeds, optimizers = _checked(rates, seeds, optimizers)
    problems = studies.make_studies(rates, optimizers)
    jobs = [(name, group) for name, study in problems.items() for group in study.groups()]
    trained: dict[str, list] = {name: [] for name in problems}
    with Progress("explore", len(jobs), quiet) as progress:
        for name, group in jobs:
            trained[name].append(studies.train_group(problems[name], group, seeds))
            progress.advance(f"{name} {', '.join(str(value) for value in group.values())}")
    numbers: dict[str, Any] = {"seeds": list(seeds), "statistics": list(studies.STATISTICS), "studies": {},
                               "sections": []}
    for name, study in problems.items():
        numbers["studies"][name] = _study_numbers(study, trained[name])
    for section in SECTIONS:
        numbers["sections"].append(_section_numbers(section, problems[section.study],
                                                    numbers["studies"][section.study]))
    for name, study in problems.items():
        shown = [section for section in numbers["sections"] if section["study"] == name]
        numbers["studies"][name]["surface"] = _surface(study, numbers["studies"][name], shown)
    return numbers


def setting_index(study: Study | dict[str, Any], setting: dict[str, Any]) -> int:
    """The position of `setting` (a value for each control) among the study's settings, row-major over the controls.

    Example:
    >>> setting_index({"controls": {"optimizer": ("SGD", "Adam"), "learning_rate": (0.1, 0.01, 0.001)}},
    ...               {"optimizer": "Adam", "learning_rate": 0.01})  # 1 * 3 + 1
    4
    """
    controls = study.controls if isinstance(study, Study) else study["controls"]
    index = 0
    for name, values in controls.items():
        index = index * len(values) + list(values).index(setting[name])
    return index


def _checked(rates: Sequence[float], seeds: Sequence[int],
             optimizers: Sequence[str]) -> tuple[tuple[float, ...], tuple[int, ...], tuple[str, ...]]:
    rates, seeds, optimizers = tuple(float(r) for r in rates), tuple(int(s) for s in seeds), tuple(optimizers)
    if not rates or not all(0 < rate <= 10 for rate in rates) or list(rates) != sorted(set(rates)):
        raise ValueError(f"`rates` must be increasing learning rates in (0, 10]. Received: rates={rates}")
    if not seeds:
        raise ValueError("`seeds` must hold at least one seed. Received: seeds=()")
    unknown = [name for name in optimizers if name not in studies.OPTIMIZERS]
    missing = [name for name in ARTICLE_OPTIMIZERS if name not in optimizers]
    if unknown or missing:
        raise ValueError(f"`optimizers` must be names from {list(studies.OPTIMIZERS)} including the article's "
                         f"{list(ARTICLE_OPTIMIZERS)}. Received: optimizers={list(optimizers)}")
    return rates, seeds, optimizers


def _study_numbers(study: Study, groups: list) -> dict[str, Any]:
    """One study's description and arrays, its groups' rates laid end to end into settings."""
    def joined(key: str) -> np.ndarray | None:
        parts = [getattr(group, key) for group in groups]
        return None if parts[0] is None else np.concatenate(parts)

    scaling = {"mean": study.standardisation()[0], "std": study.standardisation()[1]} if study.use_bias else None
    return {"title": study.title, "epochs": study.epochs, "updates_per_epoch": study.updates_per_epoch(),
            "controls": {name: list(values) for name, values in study.controls.items()},
            "series": ["mae", "val_mae", *study.parameters], "parameters": list(study.parameters),
            "targets": study.targets,
            "fields": list(studies.MOMENT_FIELDS + (studies.BIAS_FIELDS if study.use_bias else ())),
            "standardisation": scaling,
            "bands": joined("bands"), "run": joined("run"), "moment": joined("moment"),
            "learning_rate": joined("learning_rate"),
            "range_test": None if groups[0].range_test is None else [group.range_test for group in groups]}


def _section_numbers(section: Section, study: Study, numbers: dict[str, Any]) -> dict[str, Any]:
    """The section with its settings snapped to the computed rates and its text's numbers filled in."""
    setting = _snapped(section.setting, study)
    pinned = None if section.pinned is None else _snapped(section.pinned, study)
    experiment = EXPERIMENTS[section.id]
    return {"id": section.id, "title": section.title, "study": section.study, "epochs": section.epochs,
            "controls": list(section.controls), "setting": setting, "pinned": pinned,
            "text": section.text.format(**_text_numbers(section, study, numbers, setting)),
            "article": experiment.article, "note": experiment.note, "code": experiment.title}


def _snapped(setting: dict[str, Any], study: Study) -> dict[str, Any]:
    """`setting` with its learning rate replaced by the nearest computed one (in log scale)."""
    for name, value in setting.items():
        if name not in study.controls:
            raise ValueError(f"Study {study.title!r} has no control {name!r}. Received: {setting}")
        if name != "learning_rate" and value not in study.controls[name]:
            raise ValueError(f"`{name}` {value!r} was not computed; add it to compute's arguments. "
                             f"Computed: {list(study.controls[name])}")
    if "learning_rate" not in setting:
        return dict(setting)
    rates = np.asarray(study.controls["learning_rate"])
    nearest = rates[np.argmin(np.abs(np.log(rates) - np.log(setting["learning_rate"])))]
    return {**setting, "learning_rate": float(nearest)}


def _text_numbers(section: Section, study: Study, numbers: dict[str, Any], setting: dict[str, Any]) -> dict[str, str]:
    """The numbers a section's text may name, at its opening setting's first update, with 3 significant digits."""
    fields = numbers["fields"]
    moment = numbers["moment"][setting_index(study, setting), :, 0]
    scaling = setting.get("scaling", "none")
    x = study.data(scaling)[0]
    values: dict[str, float] = {"updates_per_epoch": study.updates_per_epoch()}
    for p, scale in zip(study.parameters, analysis.gradient_scales(x, study.use_bias), strict=True):
        step = float(moment[fields.index(f"step_{p}")])
        values.update({f"scale_{p}": scale, f"step_{p}": step,
                       f"reach_{p}": step * study.updates_per_epoch() * section.epochs,
                       f"walk_{p}": 1 / (step * study.updates_per_epoch())})
    if study.use_bias:
        mean, std = study.standardisation()
        values.update({"mean": mean, "std": std, "target_W": 2 * std, "target_b": 2 * mean + 5})
    if numbers["learning_rate"] is not None:
        rates = numbers["learning_rate"][setting_index(study, setting)]
        first = moment[fields.index("learning_rate")]
        for name, fraction in (("half_epoch", 0.5), ("fifth_epoch", 0.2)):
            below = np.flatnonzero(rates <= first * fraction)
            if len(below):
                values[name] = below[0] + 1
    return {key: f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" for key, value in values.items()}


def _surface(study: Study, numbers: dict[str, Any], sections: list[dict[str, Any]]) -> dict[str, Any]:
    """The loss surface around the paths of raw inputs the page opens with (every path, without a bias) and its
    colour bands; a standardised run's detour through large b is left outside the frame."""
    fields, moment = numbers["fields"], numbers["moment"]
    if study.use_bias:
        shown = [(setting_index(study, s[key]), s["epochs"]) for s in sections for key in ("setting", "pinned")
                 if s[key] is not None and s[key].get("scaling", "none") == "none"]
        paths = [{p: moment[index, fields.index(p), :epochs + 1] for p in study.parameters} for index, epochs in shown]
    else:
        paths = [{"W": moment[:, fields.index("W"), :]}]
    grid = studies.surface(study, paths)
    return {**grid, "levels": studies.contour_levels(grid["loss"])}


def _encode(array: np.ndarray) -> str:
    """float16, little-endian, base64: a third of the size of decimal text (values beyond +-65,000 saturate)."""
    clipped = np.clip(np.asarray(array, dtype=np.float64), -6.5e4, 6.5e4)
    return base64.b64encode(clipped.astype("<f2").tobytes()).decode("ascii")


def _encoded(value: Any) -> Any:
    """Arrays as `{"float16": base64, "shape": [...]}`, inside dicts and lists; numbers as plain floats."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return {"float16": _encode(value), "shape": list(value.shape)}
    if isinstance(value, dict):
        return {key: _encoded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encoded(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def page_data(numbers: dict[str, Any]) -> dict[str, Any]:
    """`compute`'s numbers with every array encoded as float16, ready to embed as JSON."""
    return _encoded(numbers)


def write_page(out_dir: str | Path, **settings: Any) -> tuple[Path, dict[str, Any]]:
    """Computes the numbers (`compute(**settings)`) and writes `out_dir/index.html`; returns the path and numbers."""
    numbers = compute(**settings)
    data = json.dumps(page_data(numbers), separators=(",", ":"), allow_nan=False).replace("</", "<\\/")
    html = TEMPLATE.read_text(encoding="utf-8").replace("/*DATA*/null", data)
    path = Path(out_dir) / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path, numbers


def add_arguments(parser: Any) -> None:
    parser.add_argument("--out", default="explorable", help="folder for index.html (default: explorable)")
    parser.add_argument("--seeds", type=int, default=20, help="seeds per setting (default: 20)")
    parser.add_argument("--quiet", action="store_true", help="no progress line on stderr")


def run(args: Any) -> int:
    if args.seeds < 1:
        print(f"python -m minigrad explore: error: `--seeds` must be >= 1. Received: --seeds {args.seeds}",
              file=sys.stderr)
        return 2
    start = time.perf_counter()
    path, _ = write_page(args.out, seeds=tuple(range(args.seeds)), quiet=args.quiet)
    print(f"wrote {path} ({path.stat().st_size / 2**20:.2f} MiB) in {time.perf_counter() - start:.1f} s: open it "
          "in any browser, no Python or network needed.")
    return 0
