"""The ``awscore`` command: ``awscore demo`` runs the end-to-end pipeline demo."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="awscore", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="run the end-to-end demo pipeline across the engines")
    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import run

        return run()
    return 2


if __name__ == "__main__":
    sys.exit(main())
