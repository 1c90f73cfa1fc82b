"""Command line: `python -m minigrad <command> ...`; `python -m minigrad --help` lists the commands."""
from __future__ import annotations

import argparse
import importlib
import sys

# Each command lives in its own module, which provides `add_arguments(parser)` and `run(args) -> int`.
COMMANDS = {
    "reproduce": ("minigrad.reproduce", "rerun the article's experiments E1 to E10, print the table, draw the figures"),
    "study": ("minigrad.study", "write an exercise copy of minigrad that students complete, or check one"),
    "explore": ("minigrad.explore", "write the explorable page: drag the learning rate, in any browser"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minigrad", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        module.add_arguments(subparsers.add_parser(name, help=help_text, description=module.__doc__))
    args = parser.parse_args(argv)
    return importlib.import_module(COMMANDS[args.command][0]).run(args)


if __name__ == "__main__":
    sys.exit(main())
