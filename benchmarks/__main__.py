"""Runs minigrad's benchmarks and prints a Markdown table for each; see `benchmarks/__init__.py`."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from benchmarks.harness import Settings, Skip, machine

# name: the module that provides `TITLE` and `run(settings) -> Result`.
BENCHMARKS = {
    "e1": "benchmarks.e1",
    "peers": "benchmarks.peers",
    "article": "benchmarks.article",
    "dense": "benchmarks.dense",
    "sweep": "benchmarks.sweep",
    "mlp": "benchmarks.mlp",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run: little work, 3 repeats")
    parser.add_argument("--only", default=",".join(BENCHMARKS),
                        help=f"comma-separated benchmarks to run, from: {', '.join(BENCHMARKS)}")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per candidate (default 7, quick 3)")
    parser.add_argument("--quiet", action="store_true", help="no progress line on stderr (drawn only on a terminal)")
    parser.add_argument("--output", default=None, help="also write the tables to this Markdown file")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for NumPy's BLAS, torch and OpenMP (default: each library's own)")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown or any(value is not None and value < 1 for value in (args.repeats, args.threads)):
        parser.error(f"--only takes names from {', '.join(BENCHMARKS)}, --repeats and --threads positive "
                     f"integers. Received: --only {args.only!r}, --repeats {args.repeats}, --threads {args.threads}")
    if args.threads is not None:
        if "numpy" in sys.modules:
            parser.error("--threads must be set before NumPy is imported; run `python -m benchmarks` directly.")
        for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[variable] = str(args.threads)
    settings = Settings(quick=args.quick, repeats=args.repeats or (3 if args.quick else 7), quiet=args.quiet)
    sections = [f"Machine: {machine()}." + (" Quick run (reduced work): not for comparison." if args.quick else "")]
    print(sections[0], flush=True)
    for name in names:
        sections.append(_run_one(name, settings))
        print("\n" + sections[-1], flush=True)
    if args.output:
        with open(args.output, "w") as output:
            output.write("\n\n".join(sections) + "\n")
    return 0


def _run_one(name: str, settings: Settings) -> str:
    module = importlib.import_module(BENCHMARKS[name])
    try:
        return module.run(settings).markdown()
    except Skip as reason:
        return f"### {module.TITLE}\n\nSkipped: {reason}"


if __name__ == "__main__":
    sys.exit(main())
