"""Results of matches already played, so a re-solve fills the knockout placeholders.

A results file (YAML) maps each tournament id to what has happened:

    pingpong:
      played:
        QF2: {winner: math, at: 2026-04-01T16:00, venue: gym}
        QF4: {winner: pe}                 # when/where: from the previous schedule.json
      groups:
        A: [math, pe]                     # final ranking of group A, top first

A played match stays where it was played; a seat fed by it now names the winner (or
the loser, for the third-place match), and an undecided match only blocks the teams
that can still reach it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path as FsPath
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError

from .api import MatchSpec
from .errors import Path, PlanError, PlanIssue
from .model import Strict
from .validation import issues_from
from .values import DateOrDateTime, Slug
from .yamlsrc import LineMap, read_source


class MatchResult(Strict):
    winner: Slug | None = None
    draw: bool = False
    at: DateOrDateTime | None = None
    venue: Slug | None = None


class TournamentResults(Strict):
    played: dict[str, MatchResult] = Field(default_factory=dict)
    groups: dict[Annotated[str, Field(pattern=r"^[A-Z]$")], list[Slug]] = Field(
        default_factory=dict
    )


class ResultsFile(RootModel[dict[Slug, TournamentResults]]):
    model_config = ConfigDict(frozen=True)


class Results(BaseModel):
    """Parsed results, with the file's line map for messages."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    file: str
    tournaments: dict[str, TournamentResults]
    lines: LineMap
    previous: dict[str, tuple[str, str | None]] = Field(default_factory=dict)

    def issue(self, message: str, path: Path) -> PlanIssue:
        return PlanIssue(message, path, self.file, self.lines.line_of(path))


def load_results(path: str | FsPath, previous_schedule: FsPath | None = None) -> Results:
    """Read a results file (and the previous schedule.json, for where matches were played)."""
    source = read_source(path)
    data = source.data or {}
    try:
        parsed = ResultsFile.model_validate(data)
    except ValidationError as error:
        issues = issues_from(error, ResultsFile, data)
        raise PlanError(
            [i.located(source.file, source.lines.line_of(i.path)) for i in issues]
        ) from None
    previous: dict[str, tuple[str, str | None]] = {}
    if previous_schedule is not None and previous_schedule.exists():
        schedule = json.loads(previous_schedule.read_text(encoding="utf-8"))
        previous = {o["id"]: (o["start"], o.get("venue")) for o in schedule["occurrences"]}
    return Results(
        file=source.file, tournaments=dict(parsed.root), lines=source.lines, previous=previous
    )


def _seat(
    seat: str,
    team: str | None,
    decided: dict[str, tuple[str, str]],
    by_label: dict[str, MatchSpec],
    groups: dict[str, list[str]],
    members: dict[str, tuple[str, ...]],
) -> tuple[str | None, tuple[str, ...]]:
    """(known team, teams that may still fill the seat)."""
    if team is not None:
        return team, (team,)
    kind, _, rest = seat.partition(":")
    if kind in ("winner", "loser") and rest in decided:
        winner, loser = decided[rest]
        known = winner if kind == "winner" else loser
        return known, (known,)
    if kind in ("winner", "loser") and rest in by_label:
        return None, by_label[rest].candidates
    if kind == "rank":
        letter, rank = rest.split(":")
        ranking = groups.get(letter, [])
        if len(ranking) >= int(rank):
            known = ranking[int(rank) - 1]
            return known, (known,)
        placed = set(ranking)
        return None, tuple(t for t in members.get(letter, ()) if t not in placed)
    return None, ()


def apply_results(
    tournament_id: str, matches: list[MatchSpec], results: Results
) -> tuple[list[MatchSpec], list[PlanIssue]]:
    """Matches with the seats that results decide filled in; issues for bad results."""
    record = results.tournaments.get(tournament_id)
    if record is None:
        return matches, []
    issues: list[PlanIssue] = []
    base: Path = (tournament_id,)
    labels = {m.label for m in matches}
    for label in record.played:
        if label not in labels:
            issues.append(
                results.issue(f"{tournament_id} has no match {label!r}", base + ("played", label))
            )
    members = {m.label.split("/")[0]: () for m in matches if "/" in m.label}
    for m in matches:
        if "/" in m.label and not m.label.startswith("KO/") and m.home and m.away:
            letter = m.label.split("/")[0]
            members[letter] = tuple(dict.fromkeys(members.get(letter, ()) + (m.home, m.away)))
    for letter, ranking in record.groups.items():
        unknown = [t for t in ranking if t not in members.get(letter, ())]
        if letter not in members or unknown:
            issues.append(
                results.issue(
                    f"group {letter} of {tournament_id} does not hold"
                    f" {', '.join(unknown) or 'these teams'}",
                    base + ("groups", letter),
                )
            )
    decided: dict[str, tuple[str, str]] = {}
    by_label: dict[str, MatchSpec] = {}
    out = []
    for m in sorted(matches, key=lambda x: x.round):
        home, home_may = _seat(m.seats[0], m.home, decided, by_label, record.groups, members)
        away, away_may = _seat(m.seats[1], m.away, decided, by_label, record.groups, members)
        candidates = (home, away) if home and away else tuple(dict.fromkeys(home_may + away_may))
        resolved = replace(m, home=home, away=away, candidates=candidates)
        by_label[m.label] = resolved
        result = record.played.get(m.label)
        if result is not None and not result.draw:
            path = base + ("played", m.label, "winner")
            if home is None or away is None:
                issues.append(
                    results.issue(
                        f"{m.label} cannot have been played: its teams are"
                        " not known yet (add the results that decide"
                        " them)",
                        path,
                    )
                )
            elif result.winner not in (home, away):
                issues.append(
                    results.issue(
                        f"the winner of {m.label} must be {home} or {away}, not {result.winner!r}",
                        path,
                    )
                )
            else:
                decided[m.label] = (result.winner, away if result.winner == home else home)
        out.append(resolved)
    order = {m.label: i for i, m in enumerate(matches)}
    return sorted(out, key=lambda x: order[x.label]), issues


def played_at(
    tournament_id: str, label: str, occurrence_id: str, results: Results
) -> tuple[dt.datetime | dt.date | None, str | None, PlanIssue | None]:
    """Where and when a played match took place: from the results file, else from the
    previous schedule; (None, None, issue) when neither says."""
    record = results.tournaments.get(tournament_id)
    result = record.played.get(label) if record else None
    if result is None:
        return None, None, None
    if result.at is not None:
        return result.at, result.venue, None
    if occurrence_id in results.previous:
        start, venue = results.previous[occurrence_id]
        moment = dt.datetime.fromisoformat(start)
        return moment.replace(tzinfo=None), result.venue or venue, None
    return (
        None,
        None,
        results.issue(
            f"{label} was played, but neither `at:` nor a previous schedule.json says when",
            (tournament_id, "played", label),
        ),
    )
