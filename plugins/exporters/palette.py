"""One colour per category, the same in the year view and the spreadsheet.

Colours follow the order of `plan.categories`, then the other categories used in
the schedule by id, so a category keeps its colour while items come and go.
"""

from __future__ import annotations

from collections.abc import Iterable

# Ten hues that stay apart on screen and on paper (Tableau 10, slightly deepened).
COLOURS = (
    "#4e79a7",
    "#e8762b",
    "#59a14f",
    "#d8474a",
    "#5fa8a3",
    "#c9a227",
    "#a0679a",
    "#e27f8e",
    "#8c6a55",
    "#8a8f99",
)
NO_CATEGORY = "#6b7280"


def category_order(declared: Iterable[str], used: Iterable[str | None]) -> list[str]:
    """Declared categories first (plan order), then the others used, by id."""
    order = list(dict.fromkeys(declared))
    order += sorted({c for c in used if c is not None} - set(order))
    return order


def category_colours(order: list[str]) -> dict[str | None, str]:
    colours: dict[str | None, str] = {c: COLOURS[i % len(COLOURS)] for i, c in enumerate(order)}
    colours[None] = NO_CATEGORY
    return colours


def tint(colour: str, share: float) -> str:
    """`colour` mixed with white: `share` of the colour (0–1), as `#rrggbb`."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * share) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)
