"""Build the course kit, or grade submissions with it.

    python scripts/build_assignments.py                 # build _build/assignments/ and notebooks/student/ (make assignments)
    python scripts/build_assignments.py grade AUTOGRADER.zip SUB.ipynb [SUB.ipynb ...] [--csv scores.csv]
    python scripts/build_assignments.py labs [NAME ...]   # notebooks/<name>.ipynb and notebooks/student/<name>.ipynb

``make assignments`` also writes the labs' student notebooks to ``notebooks/student/``
(committed: the student edition's lab pages render them and its launch buttons open
them). ``labs`` writes the solved labs (execute them afterwards: ``make labs`` does
both) and the student notebooks of the same labs. Grading runs locally, without containers (Otter's ``otter run``); the scores CSV
has one row per submission and one column per auto-graded question.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booktools.kit import build_kit, scores_table, write_labs, write_student_labs  # noqa: E402


def _show(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


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
        solved, student = write_labs(args.names or None), []
        if solved:
            with tempfile.TemporaryDirectory(prefix="kit-labs-") as tmp:
                build_kit(tmp, names=[p.stem for p in solved])
                student = write_student_labs(tmp)
        for path in solved + student:
            print("wrote", _show(path))
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
    for path in write_student_labs(Path(__file__).resolve().parents[1] / "_build" / "assignments"):
        print("wrote", _show(path))
    for name, entry in manifest.items():
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(entry["kinds"].items()))
        print(f"{name}: {len(entry['questions'])} questions ({kinds}); "
              f"{entry['auto_points']} auto-graded points, {entry['manual_points']} read by hand")
    print(f"kit built in _build/assignments/ in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
