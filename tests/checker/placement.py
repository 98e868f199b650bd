"""Each occurrence on its own: fields, length, slot grid, day bounds, venue hours, `when`,
its `every` period, the plan period and pins (plan-format.md, "Time", "`when`", "Kinds")."""

from __future__ import annotations

from datetime import datetime, timedelta

from .expand import Expected
from .plan import Plan
from .report import Report
from .schedule import Placed
from .windows import Windows, minutes


def check_fields(plan: Plan, exp: Expected, occ: Placed, report: Report) -> None:
    """The descriptive fields say what the plan says of the activity."""
    activity = exp.activity
    wanted = {"activity": activity.id, "title": exp.title, "kind": activity.kind,
              "category": activity.category}
    if exp.match is not None:
        del wanted["title"]  # a match's title names its seats: tournament.check_fields
    for key, value in wanted.items():
        if occ.raw.get(key) != value:
            report.add("fields", occ.id, f"{key} is {occ.raw.get(key)!r}, expected {value!r}")
    if sorted(occ.audience) != sorted(exp.audience):
        report.add("fields", occ.id, f"audience {list(occ.audience)}, expected "
                   f"{list(exp.audience)}")
    if exp.is_deadline:
        if occ.venue is not None:
            report.add("fields", occ.id, "a deadline uses no venue")
        owner = [activity.owner] if activity.owner else []
        if list(occ.staff) != owner:
            report.add("fields", occ.id, f"a deadline's staff is [owner] {owner}")


def check_length(exp: Expected, occ: Placed, report: Report) -> None:
    """Whole-day items are dates covering N days; timed items end at start + duration."""
    whole = exp.duration.whole_day
    if occ.all_day != whole:
        report.add("duration", occ.id, f"all_day is {occ.all_day}, expected {whole}")
        return
    if whole:
        if (occ.end - occ.start).days != exp.duration.days:
            report.add("duration", occ.id,
                       f"covers {(occ.end - occ.start).days} days, expected {exp.duration.days}")
    elif occ.end - occ.start != timedelta(minutes=exp.duration.minutes):
        report.add("duration", occ.id, f"runs {occ.end - occ.start}, expected "
                   f"{exp.duration.minutes} minutes")


def check_clock(plan: Plan, exp: Expected, occ: Placed, report: Report) -> None:
    """Timed items: slot grid, inside plan.day and the venue's hours, same day."""
    if occ.all_day:
        return
    start = minutes(occ.start)
    end = start + int((occ.end - occ.start).total_seconds() // 60)
    if (start - plan.day.start) % plan.slot or occ.start.second or occ.start.microsecond:
        report.add("slot-grid", occ.id, f"starts at {occ.start:%H:%M}, off the "
                   f"{plan.slot}-minute grid from {plan.day}")
    if occ.end.date() != occ.start.date() and occ.end != datetime.combine(
            occ.start.date() + timedelta(days=1), datetime.min.time()):
        report.add("plan-day", occ.id, "crosses midnight")
    elif not plan.day.holds(start, end):
        report.add("plan-day", occ.id, f"{occ.start:%H:%M}-{occ.end:%H:%M} outside plan.day "
                   f"{plan.day}")
    venue = plan.venues.get(occ.venue) if occ.venue else None
    if venue is not None and venue.hours is not None and not venue.hours.holds(start, end):
        report.add("venue-hours", occ.id, f"{occ.start:%H:%M}-{occ.end:%H:%M} outside the "
                   f"hours {venue.hours} of {venue.id}")


def check_window(plan: Plan, windows: Windows, exp: Expected, occ: Placed,
                 report: Report) -> None:
    """The plan period, `when`, the `every` period and a deadline's date."""
    if occ.first_day < plan.start or occ.last_day > plan.end:
        report.add("plan-period", occ.id, f"{occ.first_day}..{occ.last_day} outside the plan "
                   f"period {plan.start}..{plan.end}")
    if exp.date is not None and (occ.first_day != exp.date or occ.last_day != exp.date):
        report.add("pinned", occ.id, f"deadline on {occ.first_day}, fixed on {exp.date}")
    if exp.period is not None and not exp.period.first <= occ.first_day <= exp.period.last:
        report.add("series-period", occ.id, f"starts on {occ.first_day}, outside its period "
                   f"{exp.period.label} ({exp.period.first}..{exp.period.last})")
    if occ.all_day:
        bad = windows.whole_day_ok(exp.when, occ.first_day, len(occ.days))
        if bad:
            report.add("window", occ.id, "days not allowed by `when`: "
                       + ", ".join(str(d) for d in bad))
    elif not windows.timed_ok(exp.when, occ.start, occ.end):
        if windows.day_allowed(exp.when, occ.first_day):
            report.add("time-window", occ.id, f"{occ.start:%Y-%m-%d %H:%M}-{occ.end:%H:%M} "
                       "outside `when.time`")
        else:
            report.add("window", occ.id, f"{occ.first_day} not allowed by `when`")


def check_pin(exp: Expected, occ: Placed, report: Report) -> None:
    """A pinned item is exactly where it is pinned."""
    pin = exp.pin
    if pin is None:
        return
    if pin.moment is not None and occ.start != pin.moment:
        report.add("pinned", occ.id, f"starts {occ.start:%Y-%m-%dT%H:%M}, pinned at "
                   f"{pin.moment:%Y-%m-%dT%H:%M}")
    elif pin.day is not None and occ.first_day != pin.day:
        report.add("pinned", occ.id, f"starts on {occ.first_day}, pinned on {pin.day}")
    if pin.venue is not None and occ.venue != pin.venue:
        report.add("pinned", occ.id, f"in {occ.venue}, pinned in {pin.venue}")


def check_placement(plan: Plan, windows: Windows, exp: Expected, occ: Placed,
                    report: Report) -> None:
    check_fields(plan, exp, occ, report)
    check_length(exp, occ, report)
    check_clock(plan, exp, occ, report)
    check_window(plan, windows, exp, occ, report)
    check_pin(exp, occ, report)
