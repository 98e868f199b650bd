"""One occurrence as the words a planner reads: shared by the year view and the spreadsheet.

The year view's detail panel and the 工作计划表's rows show the same fields, so they
are worked out once here, from schedule.json's occurrence and the plan's names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.groups import GroupIndex
from scheduler.labels import LABELS, MONTHS, VIEW_LABELS, WEEKDAYS
from scheduler.schedule import PlacedOccurrence
from scheduler.summary import date_text, day_span, time_text


@dataclass(frozen=True)
class Names:
    """Display names of a plan's items by id (an id without a name shows as itself)."""

    venues: dict[str, str]
    staff: dict[str, str]
    groups: dict[str, str]
    categories: dict[str, str]
    attends: dict[str, frozenset[str]]  # group id -> groups whose items its members attend

    @classmethod
    def of(cls, loaded) -> Names:
        plan = loaded.plan
        index = GroupIndex(plan)
        return cls(
            venues={v.id: v.label for v in plan.venues},
            staff={p.id: p.label for p in plan.staff},
            groups={g.id: g.label for g in plan.groups},
            categories=dict(plan.plan.categories),
            attends={g.id: frozenset({g.id} | index.ancestors(g.id)) for g in plan.groups},
        )

    def category(self, category: str | None) -> str:
        if category is None:
            return VIEW_LABELS["uncategorised"]
        return self.categories.get(category, category)

    def joined(self, table: dict[str, str], ids: list[str]) -> str:
        return "、".join(table.get(i, i) for i in ids)

    def groups_attending(self, o: PlacedOccurrence) -> list[str]:
        """Groups whose feed holds `o`: it lists the group or one the group is part of."""
        audience = set(o.audience)
        return [g for g, attended in self.attends.items() if attended & audience]


@dataclass(frozen=True)
class OccurrenceRow:
    """The fields of one occurrence, in the order of the 工作计划表's columns."""

    id: str
    month: str
    first: dt.date
    last: dt.date
    weekday: str
    time: str
    title: str
    category: str
    venue: str
    audience: str
    staff: str

    @property
    def when(self) -> str:
        """`3月9日 周一 16:00–17:30`, `7月6日–8日 全天`: the date and time as one text."""
        return f"{date_text(self.first, self.last)} {self.time}"

    @property
    def time_cell(self) -> str:
        """The time beside a start date: a multi-day item says how long and until when."""
        if self.last == self.first:
            return self.time
        days = (self.last - self.first).days + 1
        last = f"{self.last.month}月{self.last.day}日"
        return f"{self.time}（{days}{VIEW_LABELS['days']}，{VIEW_LABELS['until']}{last}）"


def occurrence_row(o: PlacedOccurrence, names: Names, year_in_month: bool = False) -> OccurrenceRow:
    first, last = day_span(o)
    month = MONTHS[first.month - 1]
    return OccurrenceRow(
        id=o.id,
        month=f"{first.year}年{month}" if year_in_month else month,
        first=first,
        last=last,
        weekday=WEEKDAYS[first.weekday()],
        time=time_text(o),
        title=o.title,
        category=names.category(o.category),
        venue=names.venues.get(o.venue, o.venue) if o.venue else "",
        audience=names.joined(names.groups, o.audience),
        staff=names.joined(names.staff, o.staff),
    )


COLUMNS = (
    LABELS["month"],
    LABELS["date"],
    VIEW_LABELS["weekday"],
    LABELS["time"],
    LABELS["title"],
    VIEW_LABELS["category"],
    LABELS["venue"],
    VIEW_LABELS["audience_column"],
    LABELS["owner"],
    VIEW_LABELS["id"],
)


def row_cells(row: OccurrenceRow) -> tuple[str | dt.date, ...]:
    """The row under `COLUMNS`: the date is a date, everything else text."""
    return (
        row.month,
        row.first,
        row.weekday,
        row.time_cell,
        row.title,
        row.category,
        row.venue,
        row.audience,
        row.staff,
        row.id,
    )
