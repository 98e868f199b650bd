"""Tournament constraints: knockout order, rest, team limits, span, courts, preferences.

Rest is measured in real minutes, not on the slot axis (which skips the nights): a
match's real start is `slot·start + (1440 − S·slot)·day + day_start`, linear in its
start and start day. A team's matches, each stretched by the rest, never overlap on
that real axis. A knockout match starts after the matches that feed it end (+ rest).
A match whose teams are not known yet counts for every team that can still reach it.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

from ..model import Tournament
from ..problem import Task
from .built import Built, Penalty


def add_tournament_constraints(b: Built) -> None:
    by_id = b.problem.by_id
    for occurrences in b.problem.expansion.matches.values():
        tasks = [by_id[o.id] for o in occurrences if o.id in by_id]
        if not tasks:
            continue
        tournament = tasks[0].occ.activity
        assert isinstance(tournament, Tournament)
        per_team = _team_matches(tasks)
        playable = _playable_together(per_team)
        rest = round((tournament.rest.min_hours if tournament.rest else 0) * 60)
        _knockout_order(b, tasks, rest)
        _team_separation(b, tournament, playable, rest)
        _team_max_per_day(b, tournament, playable)
        _span(b, tournament, tasks)
        _courts(b, tournament, tasks)
        _preferences(b, tournament, tasks, per_team)


def _team_matches(tasks: list[Task]) -> dict[str, list[Task]]:
    """Each team's matches: those it plays, and those it can still reach."""
    per_team: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        for team in task.occ.teams:
            per_team[team].append(task)
    return per_team


MAX_COMBINATIONS = 32


def _playable_together(per_team: dict[str, list[Task]]) -> dict[str, list[list[Task]]]:
    """For each team, the sets of matches it may end up playing together.

    A team plays at most one match per round: undecided matches of one round that it
    can reach (a final and a third-place match; a group's two seats in the first
    knockout round) are alternatives, so rest and daily limits hold within each
    combination of them, not across them. Past MAX_COMBINATIONS, all count together
    (stricter, never wrong).
    """
    out: dict[str, list[list[Task]]] = {}
    for team, tasks in per_team.items():
        by_round: dict[int, list[Task]] = defaultdict(list)
        for task in tasks:
            by_round[task.occ.match.round].append(task)
        choices = [group for _, group in sorted(by_round.items())]
        if math.prod(len(c) for c in choices) > MAX_COMBINATIONS:
            out[team] = [tasks]
        else:
            out[team] = [list(combo) for combo in itertools.product(*choices)]
    return out


def real_start(b: Built, task: Task):
    """Minutes from the plan's first midnight to the task's start (a linear expression)."""
    grid = b.problem.grid
    return (
        grid.slot * b.start[task.id]
        + (1440 - grid.per_day * grid.slot) * b.day(task)
        + grid.day_start
    )


def _only_if(b: Built, *tasks: Task) -> list:
    return [
        p
        for p in {id(x): x for x in (b.presence(t) for t in tasks)}.values()
        if not isinstance(p, int)
    ]


def _knockout_order(b: Built, tasks: list[Task], rest: int) -> None:
    by_label = {t.occ.match.label: t for t in tasks if t.occ.match is not None}
    for task in tasks:
        for label in task.occ.match.feeds_from:
            feeder = by_label.get(label)
            if feeder is None:
                continue
            b.model.add(
                real_start(b, task) >= real_start(b, feeder) + feeder.occ.duration.minutes + rest
            ).with_name(f"knockout-order[{feeder.id}<{task.id}]").only_enforce_if(
                _only_if(b, task, feeder)
            )


def _team_separation(
    b: Built, tournament: Tournament, playable: dict[str, list[list[Task]]], rest: int
) -> None:
    """A team plays one match at a time, with `rest` minutes between two of its matches.

    Teams that are groups are already kept apart by their audience when there is no
    rest; numbered entrants and any rest need their own NoOverlap on the real axis.
    """
    if rest == 0 and tournament.teams:
        return
    model = b.model
    horizon = b.problem.days.count * 1440
    stretched: dict[str, object] = {}
    done: set[frozenset[str]] = set()
    for combos in playable.values():
        for tasks in combos:
            key = frozenset(t.id for t in tasks)
            if len(tasks) < 2 or key in done:
                continue
            done.add(key)
            intervals = []
            for task in tasks:
                interval = stretched.get(task.id)
                if interval is None:
                    real = model.new_int_var(0, horizon, f"real[{task.id}]")
                    model.add(real == real_start(b, task))
                    size = task.occ.duration.minutes + rest
                    interval = b.interval_if(real, size, b.presence(task), f"rest[{task.id}]")
                    stretched[task.id] = interval
                intervals.append(interval)
            model.add_no_overlap(intervals)


def _team_max_per_day(
    b: Built, tournament: Tournament, playable: dict[str, list[list[Task]]]
) -> None:
    """At most N matches of a team start on one day: each match is a one-day interval on
    the day axis, and a team's are a cumulative of capacity N."""
    limit = tournament.max_per_day
    if limit is None:
        return
    on_day: dict[str, object] = {}
    done: set[frozenset[str]] = set()
    for combos in playable.values():
        for tasks in combos:
            key = frozenset(t.id for t in tasks)
            if len(tasks) <= limit or key in done:
                continue
            done.add(key)
            intervals = []
            for task in tasks:
                interval = on_day.get(task.id)
                if interval is None:
                    interval = b.interval_if(
                        b.day(task), 1, b.presence(task), f"match-day[{task.id}]"
                    )
                    on_day[task.id] = interval
                intervals.append(interval)
            b.model.add_cumulative(intervals, [1] * len(intervals), limit)


def _span(b: Built, tournament: Tournament, tasks: list[Task]) -> None:
    if tournament.span is None or len(tasks) < 2:
        return
    model = b.model
    count = b.problem.days.count
    first = model.new_int_var(0, count - 1, f"first-day[{tournament.id}]")
    last = model.new_int_var(0, count - 1, f"last-day[{tournament.id}]")
    for task in tasks:
        model.add(first <= b.day(task))
        model.add(last >= b.last_day(task))
    model.add(last - first <= tournament.span - 1).with_name(
        f"span[{tournament.id}]"
    ).only_enforce_if(_only_if(b, tasks[0]))  # the diagnosis may leave the tournament out


def _courts(b: Built, tournament: Tournament, tasks: list[Task]) -> None:
    if tournament.courts is None or len(tasks) <= tournament.courts:
        return
    b.model.add_cumulative([b.interval[t.id] for t in tasks], [1] * len(tasks), tournament.courts)


def _start_days(b: Built, task: Task) -> set[int]:
    per_day = b.problem.grid.per_day
    flat = task.domain.flattened_intervals()
    return {
        d
        for i in range(0, len(flat), 2)
        for d in range(flat[i] // per_day, flat[i + 1] // per_day + 1)
    }


def _least_match_days(b: Built, tournament: Tournament, tasks: list[Task]) -> int:
    """⌈matches ÷ the most matches one day can hold⌉: by the teams' daily limit (each
    match takes two teams) and by the courts times the matches that fit in the longest
    window of a day."""
    per_day = b.problem.grid.per_day
    most = len(tasks)
    if tournament.max_per_day is not None:
        most = min(most, len(tournament.team_ids()) * tournament.max_per_day // 2)
    venues = {v for t in tasks for v in (t.venues or [])}
    if venues and all(t.venues is not None for t in tasks):
        courts = sum(b.problem.venues[v].courts for v in venues)
        if tournament.courts is not None:
            courts = min(courts, tournament.courts)
        longest = 0
        for task in tasks:
            flat = task.domain.flattened_intervals()
            by_day: dict[int, list[int]] = defaultdict(list)
            for i in range(0, len(flat), 2):
                for t in (flat[i], flat[i + 1]):
                    by_day[t // per_day].append(t % per_day)
            for offsets in by_day.values():
                longest = max(longest, max(offsets) - min(offsets) + task.size)
        fits = max(1, longest // max(t.size for t in tasks))
        most = min(most, courts * fits)
    return math.ceil(len(tasks) / max(1, most))


def _penalty(
    b: Built, tournament: Tournament, preference: str, weight: int, var, tasks: list[Task], tag: str
) -> None:
    b.penalties.append(
        Penalty(
            f"{preference}:{tournament.id}",
            f"tournament.{preference}",
            weight,
            var,
            tuple(t.id for t in tasks),
            tag,
        )
    )


def _preferences(
    b: Built, tournament: Tournament, tasks: list[Task], per_team: dict[str, list[Task]]
) -> None:
    prefer = tournament.prefer
    if prefer is None:
        return
    model = b.model
    if prefer.compact is not None:  # one "day used" literal per day, indexed by each match
        labels = b.problem.days.spans("day")
        possible = sorted({d for task in tasks for d in _start_days(b, task)})
        zero = model.new_constant(0)
        first = possible[0]  # the array spans the tournament's days, not the year's
        used = [zero] * (possible[-1] - first + 1)
        for d in possible:
            used[d - first] = model.new_bool_var(f"match-day[{tournament.id}@{labels[d][0]}]")
            _penalty(b, tournament, "compact", prefer.compact, used[d - first], tasks, labels[d][0])
        for task in tasks:
            model.add_element(b.day(task) - first, used, 1)
        least = _least_match_days(b, tournament, tasks)
        if least > 1:  # implied, but the relaxation cannot see it: it gives the bound
            model.add(sum(used[d - first] for d in possible) >= least).with_name(
                f"least-match-days[{tournament.id}]"
            )
    if prefer.spread is not None:
        for team, team_tasks in per_team.items():
            weeks: set[int] = set()
            spans = b.problem.days.spans("week")
            for task in team_tasks:
                weeks |= {
                    i
                    for i, (_, lo, hi) in enumerate(spans)
                    if any(lo <= d <= hi for d in b.window_days(task))
                }
            if not weeks:
                continue
            share = math.ceil(len(team_tasks) / len(weeks))
            for i in sorted(weeks):
                label, lo, hi = spans[i]
                terms = [b.starts_in(t, lo, hi) for t in team_tasks]
                terms = [x for x in terms if not (isinstance(x, int) and x == 0)]
                if len(terms) <= share:
                    continue
                over = model.new_int_var(0, len(terms), f"spread[{tournament.id}:{team}@{label}]")
                model.add(over >= sum(terms) - share)
                _penalty(
                    b, tournament, "spread", prefer.spread, over, team_tasks, f"{team}@{label}"
                )
    if prefer.fair_slots is not None:
        _fair_slots(b, tournament, tasks, per_team, prefer.fair_slots)


def _fair_slots(
    b: Built,
    tournament: Tournament,
    tasks: list[Task],
    per_team: dict[str, list[Task]],
    weight: int,
) -> None:
    """Early and late matches (the tournament's first and last start time of a day)
    shared fairly: a team above ⌈its matches ÷ start times⌉ of either pays per match."""
    from ortools.sat.python.cp_model import Domain

    grid = b.problem.grid
    per_day = grid.per_day
    offsets: set[int] = set()
    for task in tasks:
        flat = task.domain.flattened_intervals()
        for i in range(0, len(flat), 2):
            offsets |= {t % per_day for t in range(flat[i], flat[i + 1] + 1)}
    if len(offsets) < 2:
        return
    model = b.model
    for name, offset in (("early", min(offsets)), ("late", max(offsets))):
        marks = {}
        for task in tasks:
            at = Domain.from_values([d * per_day + offset for d in range(b.problem.days.count)])
            inside = task.domain.intersection_with(at)
            if inside.is_empty():
                continue
            lit = model.new_bool_var(f"{name}[{task.id}]")
            model.add_linear_expression_in_domain(b.start[task.id], inside).only_enforce_if(lit)
            model.add_linear_expression_in_domain(
                b.start[task.id], task.domain.intersection_with(at.complement())
            ).only_enforce_if(~lit)
            marks[task.id] = lit
        for team, team_tasks in per_team.items():
            terms = [marks[t.id] for t in team_tasks if t.id in marks]
            share = math.ceil(len(team_tasks) / len(offsets))
            if len(terms) <= share:
                continue
            over = model.new_int_var(0, len(terms), f"{name}[{tournament.id}:{team}]")
            model.add(over >= sum(terms) - share)
            _penalty(b, tournament, "fair_slots", weight, over, team_tasks, f"{name}:{team}")
