"""Command line: ``python -m kooperacja.matching INSTANCE.json`` (``-`` reads standard input).

Prints ``{"matched": n, "cost": c, "assignment": [[candidate id, opening id], ...]}``. Invalid
input is reported on standard error and the exit code is 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from .engine import solve_problem
from .instance import InstanceError, loads_instance, result_to_dict

EXIT_INVALID = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kooperacja.matching",
        description="Place as many candidates as possible into openings at the lowest total cost.",
    )
    parser.add_argument("instance", help="instance JSON file, or - for standard input")
    parser.add_argument(
        "--details",
        action="store_true",
        help="also list unplaced candidates (no admissible opening / lost to competition) and vacancies",
    )
    parser.add_argument("--indent", type=int, default=None, help="pretty-print the output JSON")
    args = parser.parse_args(argv)

    try:
        if args.instance == "-":
            text = sys.stdin.read()
        else:
            with open(args.instance, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        print(f"error: cannot read {args.instance}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    except UnicodeDecodeError as exc:
        print(f"error: {args.instance} is not UTF-8 text: {exc}", file=sys.stderr)
        return EXIT_INVALID

    try:
        instance = loads_instance(text)
    except InstanceError as exc:
        print(f"error: invalid instance: {exc}", file=sys.stderr)
        return EXIT_INVALID

    result = solve_problem(instance.problem)
    json.dump(
        result_to_dict(instance, result, details=args.details), sys.stdout, indent=args.indent, ensure_ascii=False
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
