"""Venues, staff and groups (plan-format.md, "Resources"; readings.md, "Time" and
"Resources"): the right resources, their closures and unavailability, no double booking,
and the staff caps."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from .expand import Expected
from .plan import Plan, StaffSpec, VenueSpec
from .report import Report
from .schedule import Placed
from .windows import Windows

Pairs = list[tuple[Expected, Placed]]


# ---------------------------------------------------------------- groups


class Groups:
    """Which groups share members (plan-format.md, "Groups"; readings.md).

    A group's members are its own and its sub-groups'. Two groups share members when
    their member sets meet (same group, ancestor and descendant, a common sub-group), or
    when a declared overlap joins one of the first's sub-groups (or itself) to one of the
    second's: a declared overlap holds with every group either side is part of."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        children: dict[str, set[str]] = defaultdict(set)
        for g in plan.groups.values():
            for parent in g.part_of:
                children[parent].add(g.id)
        self.below: dict[str, set[str]] = {}
        for gid in plan.groups:
            seen, todo = {gid}, [gid]
            while todo:
                for child in children[todo.pop()]:
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            self.below[gid] = seen
        self.declared = {(g.id, o) for g in plan.groups.values() for o in g.overlaps}
        self.declared |= {(b, a) for a, b in self.declared}

    def share(self, a: str, b: str) -> bool:
        below_a, below_b = self.below.get(a, {a}), self.below.get(b, {b})
        if below_a & below_b:
            return True
        return any((x, y) in self.declared for x in below_a for y in below_b)

    def audiences_share(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return any(self.share(x, y) for x in a for y in b)

    def audience_size(self, exp: Expected) -> int | None:
        """`audience_size`, else the sum of the groups' sizes, a group counted once when an
        ancestor is also listed; None when a size is unknown."""
        if exp.activity.audience_size is not None:
            return int(exp.activity.audience_size)
        listed = set(exp.audience)
        if not listed:
            return None
        top = [g for g in listed
               if not any(g in self.below.get(o, set()) for o in listed if o != g)]
        sizes = [self.plan.groups[g].size if g in self.plan.groups else None for g in top]
        return None if any(s is None for s in sizes) else sum(sizes)


# ---------------------------------------------------------------- per occurrence


def allowed_venues(plan: Plan, spec: VenueSpec | None, pinned: str | None) -> set[str] | None:
    """The venue ids a spec allows (`fixed.venue` narrows it); None means no venue."""
    if spec is None:
        return {pinned} if pinned else None
    if spec.ids is not None:
        ids = set(spec.ids)
    else:
        ids = {v.id for v in plan.venues.values()
               if set(spec.tags) <= v.tags
               and (spec.min_capacity is None
                    or (v.capacity is not None and v.capacity >= spec.min_capacity))}
    return ids & {pinned} if pinned else ids


def staff_filled(plan: Plan, spec: StaffSpec, staff: tuple[str, ...]) -> str | None:
    """Why the reported staff does not fill the spec, or None: named people present, each
    `{role, count}` filled by that many distinct other people with the role, no one twice,
    no one extra."""
    if len(set(staff)) != len(staff):
        return f"someone is listed twice in {list(staff)}"
    unknown = [s for s in staff if s not in plan.staff]
    if unknown:
        return f"unknown staff {unknown}"
    missing = [n for n in spec.named if n not in staff]
    if missing:
        return f"named staff missing: {missing}"
    others = [s for s in staff if s not in spec.named]
    seats = [role for role, count in spec.roles for _ in range(count)]
    if len(others) != len(seats):
        return f"{len(others)} people beyond the named ones, {len(seats)} role seats to fill"
    # bipartite matching of role seats to the other people (augmenting paths)
    holder: dict[str, int] = {}

    def place(seat: int, seen: set[str]) -> bool:
        for person in others:
            if seats[seat] in plan.staff[person].roles and person not in seen:
                seen.add(person)
                if person not in holder or place(holder[person], seen):
                    holder[person] = seat
                    return True
        return False

    if not all(place(k, set()) for k in range(len(seats))):
        return f"{others} cannot fill the roles {dict(Counter(seats))}"
    return None


def check_resources(plan: Plan, windows: Windows, groups: Groups, exp: Expected, occ: Placed,
                    report: Report) -> None:
    """Venue choice, capacity, closures, unavailability and staffing of one occurrence."""
    if exp.is_deadline:
        return  # uses no venue, blocks no one (its fields are checked elsewhere)
    pinned = exp.pin.venue if exp.pin else None
    allowed = allowed_venues(plan, exp.venue, pinned)
    if allowed is None:
        if occ.venue is not None:
            report.add("venue", occ.id, f"uses {occ.venue}, but the plan gives it no venue")
    elif occ.venue not in allowed:
        report.add("venue", occ.id, f"venue {occ.venue!r} not among {sorted(allowed)}")
    venue = plan.venues.get(occ.venue) if occ.venue else None
    if venue is not None:
        size = groups.audience_size(exp)
        if venue.capacity is not None and size is not None and size > venue.capacity:
            report.add("capacity", occ.id, f"audience of {size} in {venue.id} "
                       f"(capacity {venue.capacity})")
        block = windows.hit(venue.closed, occ.start, occ.end)
        if block is not None:
            report.add("venue-closed", occ.id, f"{venue.id} is closed ({block})")
    problem = staff_filled(plan, exp.staff, occ.staff)
    if problem:
        report.add("staff", occ.id, problem)
    for pid in occ.staff:
        person = plan.staff.get(pid)
        block = windows.hit(person.unavailable, occ.start, occ.end) if person else None
        if block is not None:
            report.add("staff-unavailable", occ.id, f"{pid} is unavailable ({block})")
    for group in plan.groups.values():
        if group.unavailable and groups.audiences_share((group.id,), exp.audience):
            block = windows.hit(group.unavailable, occ.start, occ.end)
            if block is not None:
                report.add("group-unavailable", occ.id,
                           f"its audience shares members with {group.id}, unavailable ({block})")


# ---------------------------------------------------------------- double booking


def _overlap(a: Placed, b: Placed, slot: int) -> bool:
    """Overlap on blocked time: whole slots for timed items, whole days otherwise."""
    return a.start < b.blocked_end(slot) and b.start < a.blocked_end(slot)


def overlapping(items: list[Placed], slot: int):
    """Pairs of items whose blocked times overlap."""
    items = sorted(items, key=lambda o: (o.start, o.id))
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if b.start >= a.blocked_end(slot):
                break
            yield a, b


def max_concurrent(items: list[Placed], slot: int) -> tuple[int, datetime | None]:
    edges = sorted([(o.start, 1) for o in items] + [(o.blocked_end(slot), -1) for o in items],
                   key=lambda e: (e[0], e[1]))
    best, now, when = 0, 0, None
    for moment, step in edges:
        now += step
        if now > best:
            best, when = now, moment
    return best, when


def check_double_booking(plan: Plan, groups: Groups, pairs: Pairs, report: Report) -> None:
    """A venue holds one item (or `courts` timed items) at a time; a person works one item
    at a time; audiences that share members never meet; `member_of` people are busy."""
    slot = plan.slot
    live = [(e, o) for e, o in pairs if not e.is_deadline]
    audience = {o.id: e.audience for e, o in live}  # the plan's, not the reported one
    by_venue: dict[str, list[Placed]] = defaultdict(list)
    by_person: dict[str, list[Placed]] = defaultdict(list)
    for _, occ in live:
        if occ.venue:
            by_venue[occ.venue].append(occ)
        for pid in occ.staff:
            by_person[pid].append(occ)
    for vid, items in by_venue.items():
        courts = plan.venues[vid].courts if vid in plan.venues else 1
        for a, b in overlapping(items, slot):
            if a.all_day or b.all_day:
                report.add("venue-overlap", (a.id, b.id), f"both in {vid}; a whole-day item "
                           "takes the whole venue")
        timed = [o for o in items if not o.all_day]
        most, when = max_concurrent(timed, slot)
        if most > courts:
            ids = tuple(sorted(o.id for o in timed if o.start <= when < o.blocked_end(slot)))
            report.add("venue-overlap", ids, f"{most} items at once in {vid} at {when} "
                       f"({courts} court{'s' if courts > 1 else ''})")
    for pid, items in by_person.items():
        for a, b in overlapping(items, slot):
            report.add("person-overlap", (a.id, b.id), f"{pid} works both at once")
    everything = [o for _, o in live]
    for a, b in overlapping(everything, slot):
        if groups.audiences_share(audience[a.id], audience[b.id]):
            report.add("audience-overlap", (a.id, b.id), f"audiences {list(audience[a.id])} "
                       f"and {list(audience[b.id])} share members and overlap")
    for person in plan.staff.values():
        if not person.member_of:
            continue
        for a, b in overlapping(everything, slot):
            for attend, work in ((a, b), (b, a)):
                if (person.id in work.staff and person.id not in attend.staff
                        and groups.audiences_share(person.member_of, audience[attend.id])):
                    report.add("member-of", (attend.id, work.id),
                               f"{person.id} (member of {list(person.member_of)}) attends "
                               f"{attend.id} while working {work.id}")


def check_caps(plan: Plan, pairs: Pairs, report: Report) -> None:
    """max_per_day / max_per_week (ISO) / max_per_month, where occurrences start."""
    keys = {
        "max_per_day": lambda o: o.first_day.isoformat(),
        "max_per_week": lambda o: "{}-W{:02d}".format(*o.first_day.isocalendar()[:2]),
        "max_per_month": lambda o: o.first_day.strftime("%Y-%m"),
    }
    for person in plan.staff.values():
        worked = [o for e, o in pairs if not e.is_deadline and person.id in o.staff]
        for cap, key in keys.items():
            limit = getattr(person, cap)
            if limit is None:
                continue
            buckets: dict[str, list[str]] = defaultdict(list)
            for occ in worked:
                buckets[key(occ)].append(occ.id)
            for bucket, ids in sorted(buckets.items()):
                if len(ids) > limit:
                    report.add("staff-cap", tuple(ids), f"{person.id} works {len(ids)} items "
                               f"in {bucket}, {cap} is {limit}")


def check_same_activity(pairs: Pairs, plan: Plan, report: Report) -> None:
    """Occurrences of one activity never overlap (a tournament's matches may: its `courts`
    and the venue's bound them); `count:` items keep their order."""
    by_activity: dict[str, list[tuple[Expected, Placed]]] = defaultdict(list)
    for exp, occ in pairs:
        by_activity[exp.activity.id].append((exp, occ))
    for items in by_activity.values():
        if not items[0][0].is_deadline and items[0][0].match is None:
            for a, b in overlapping([o for _, o in items], plan.slot):
                report.add("activity-overlap", (a.id, b.id), "one activity's occurrences "
                           "overlap")
        ordered = sorted((e.number, o) for e, o in items if e.ordered)
        for (_, a), (_, b) in zip(ordered, ordered[1:], strict=False):
            if a.end > b.start:
                report.add("count-order", (a.id, b.id), f"{a.id} ends {a.end} after {b.id} "
                           f"starts {b.start}")
