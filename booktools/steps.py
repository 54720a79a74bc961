"""The per-step times of ``make test``, as the README and the status page show them."""

from __future__ import annotations

import collections


def steps_table(data: dict) -> list[str]:
    """The per-step times of ``make test`` as markdown rows (README and status page).

    The two lanes run side by side, so the steps' times add up to more than the
    wall time of ``make test``, which the last row gives.
    """
    if not data.get("steps"):
        return []
    lines = ["| step of `make test` | lane | seconds |", "| --- | --- | --- |"]
    for step in data["steps"]:
        failed = "" if step["rc"] == 0 else f" (failed, exit {step['rc']})"
        lines.append(f"| `make {step['step']}` | {step.get('lane', '')} | {step['seconds']:.0f}{failed} |")
    lanes = collections.defaultdict(float)
    for step in data["steps"]:
        lanes[step.get("lane", "")] += step["seconds"]
    for lane, seconds in lanes.items():
        lines.append(f"| {lane} lane, in all | {lane} | {seconds:.0f} |")
    wall = next((f["value"] for f in data.get("figures", []) if f.get("key") == "test"), None)
    if wall is not None:
        lines.append(f"| `make test`, the lanes side by side (wall time) | | {wall:.0f} |")
    return lines
