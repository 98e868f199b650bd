"""Solve a plan and photograph its year view: `python scripts/screenshot_year.py [PLAN] [PNG]`.

Needs Debian's Chromium (`apt-get install chromium fonts-noto-cjk`) and the `playwright`
package (never `playwright install`). Defaults: the school example, `docs/year-view.png`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduler.output import write_files  # noqa: E402
from scheduler.pipeline import prepare, render_outputs, revision_stamp, schedule_for  # noqa: E402
from scheduler.solver.params import SolverSettings  # noqa: E402
from tests.browser import open_browser  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", default=ROOT / "calendars/examples/school-2026.yaml")
    parser.add_argument("png", nargs="?", default=ROOT / "docs/year-view.png")
    parser.add_argument("--width", type=int, default=1500, help="viewport width in CSS pixels")
    parser.add_argument("--full", action="store_true", help="the whole page, not just the year")
    args = parser.parse_args()
    problem = prepare(args.plan)
    schedule, _ = schedule_for(problem, SolverSettings())
    files = render_outputs(schedule, problem, revision_stamp(problem.loaded))
    with tempfile.TemporaryDirectory() as folder, open_browser() as browser:
        write_files(Path(folder), files)
        page = browser.new_page(viewport={"width": args.width, "height": 1000})
        page.goto((Path(folder) / "index.html").as_uri())
        if not args.full:  # the header, the legend and the twelve months
            bottom = page.evaluate("document.getElementById('year').getBoundingClientRect().bottom")
            page.set_viewport_size({"width": args.width, "height": int(bottom) + 16})
        page.screenshot(path=str(args.png), full_page=args.full)
    print(f"{args.png}: {schedule.plan.name}, {len(schedule.occurrences)} occurrences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
