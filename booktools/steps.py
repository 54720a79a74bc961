"""The per-step times of ``make test``, as the README and the status page show them."""

from __future__ import annotations


def steps_table(data: dict) -> list[str]:
    """The per-step times of ``make test`` as markdown rows (README and status page).

    Two steps run at once on two or more cores, each once the steps it needs have
    passed, so the steps' times add up to more than the wall time of ``make test``,
    which the last row gives.
    """
    if not data.get("steps"):
        return []
    lines = ["| step of `make test` | after | started at (s) | seconds |", "| --- | --- | --- | --- |"]
    for step in data["steps"]:
        failed = "" if step["rc"] == 0 else f" (failed, exit {step['rc']})"
        needs = ", ".join(f"`{n}`" for n in step.get("needs", [])) or "–"
        start = f"{step['start']:.0f}" if "start" in step else "–"
        lines.append(f"| `make {step['step']}` | {needs} | {start} | {step['seconds']:.0f}{failed} |")
    busy = sum(step["seconds"] for step in data["steps"])
    lines.append(f"| every step, one after the other | | | {busy:.0f} |")
    wall = next((f["value"] for f in data.get("figures", []) if f.get("key") == "test"), None)
    if wall is not None:
        lines.append(f"| `make test`, two steps at a time (wall time) | | | {wall:.0f} |")
    return lines
