"""Command line: `python -m minigrad <command> ...`; `python -m minigrad --help` lists the commands."""
from __future__ import annotations

import argparse
import importlib
import sys

# Each command lives in its own module, which provides `add_arguments(parser)` and `run(args) -> int`.
# Only the chosen command's module is imported: each may need what the others' extras install.
COMMANDS = {
    "reproduce": ("minigrad.reproduce", "rerun the article's experiments E1 to E10, print the table, draw the figures"),
    "study": ("minigrad.study", "write an exercise copy of minigrad that students complete, or check one"),
    "explore": ("minigrad.explore", "write the explorable page: drag the learning rate, in any browser"),
}


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    chosen = next((argument for argument in arguments if not argument.startswith("-")), None)
    parser = argparse.ArgumentParser(prog="python -m minigrad", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        subparser = subparsers.add_parser(name, help=help_text)
        if name == chosen:
            module = importlib.import_module(module_name)
            subparser.description = module.__doc__
            module.add_arguments(subparser)
    args = parser.parse_args(arguments)
    return importlib.import_module(COMMANDS[args.command][0]).run(args)


if __name__ == "__main__":
    sys.exit(main())
