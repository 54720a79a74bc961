"""Build the course kit, or grade submissions with it.

    python scripts/build_assignments.py                 # build _build/assignments/ (make assignments)
    python scripts/build_assignments.py grade AUTOGRADER.zip SUB.ipynb [SUB.ipynb ...] [--csv scores.csv]
    python scripts/build_assignments.py labs [NAME ...]   # notebooks/<name>.ipynb from each lab source

Grading runs locally, without containers (Otter's ``otter run``); the scores CSV
has one row per submission and one column per auto-graded question.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booktools.kit import build_kit, scores_table, write_labs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    g = sub.add_parser("grade", help="grade submissions with an autograder zip")
    g.add_argument("autograder")
    g.add_argument("submissions", nargs="+")
    g.add_argument("--csv", help="write the scores table here")
    labs = sub.add_parser("labs", help="write the solved labs notebooks/<name>.ipynb (then: make notebooks)")
    labs.add_argument("names", nargs="*", help="lab sources to write (default: every lab)")
    args = parser.parse_args(argv)
    if args.command == "labs":
        for path in write_labs(args.names or None):
            print("wrote", path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
        return 0
    start = time.perf_counter()
    if args.command == "grade":
        table = scores_table(args.submissions, args.autograder)
        print(table.to_string(index=False))
        if args.csv:
            table.to_csv(args.csv, index=False)
        print(f"graded {len(table)} submission(s) in {time.perf_counter() - start:.1f} s")
        return 0
    manifest = build_kit()
    for name, entry in manifest.items():
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(entry["kinds"].items()))
        print(f"{name}: {len(entry['questions'])} questions ({kinds}); "
              f"{entry['auto_points']} auto-graded points, {entry['manual_points']} read by hand")
    print(f"kit built in _build/assignments/ in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
