"""The index page: every public feed with its webcal:// link and a QR code for phones.

Staff feeds never appear here. The links use `--public-url` when given, else the
address the browser used (scheme and Host of the request).
"""

from __future__ import annotations

import datetime as dt
import functools
from html import escape
from zoneinfo import ZoneInfo

import segno

from ..labels import LABELS, VIEW_LABELS
from .catalogue import Catalogue

#: Feed kinds on the page, in order, with their headings (the year view's words).
KINDS = {
    "plan": VIEW_LABELS["whole_plan"],
    "venue": VIEW_LABELS["feed_venue"],
    "group": VIEW_LABELS["feed_group"],
    "category": VIEW_LABELS["feed_category"],
}
STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem auto;
max-width:64rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.5rem}h3{font-size:1.05rem;color:#555}
ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));
gap:1rem}li{border:1px solid #ddd;border-radius:.5rem;padding:.8rem;text-align:center}
li svg{display:block;margin:.5rem auto}a{margin:0 .4rem}.meta{color:#777;font-size:.9rem}
"""


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """An inline SVG QR code (segno, pure Python); cached, as the URLs repeat."""
    return segno.make(url, error="m").svg_inline(scale=4, title=url)


def webcal(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"webcal://{rest}" if scheme in ("http", "https") else url


def _local(moment: dt.datetime, timezone: str) -> str:
    """A time as members read it: in the plan's time zone (`2026-03-01 16:00`)."""
    return f"{moment.astimezone(ZoneInfo(timezone)):%Y-%m-%d %H:%M}"


def render_index(catalogue: Catalogue, base_url: str) -> bytes:
    base = base_url.rstrip("/")
    parts = [
        "<!doctype html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(VIEW_LABELS['feeds'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(VIEW_LABELS['feeds'])}</h1><p>{escape(LABELS['feeds_intro'])}</p>",
    ]
    for plan in catalogue.plans:
        revision = plan.revision
        when = _local(revision.published_at, revision.timezone)
        parts.append(
            f"<h2>{escape(revision.plan_name)}</h2><p class=meta>{LABELS['revision']}"
            f" {revision.number} · {LABELS['published_at']} {when}</p>"
        )
        for kind, heading in KINDS.items():
            rows = [row for row in plan.public if row.kind == kind]
            if not rows:
                continue
            parts.append(f"<h3>{escape(heading)}</h3><ul>")
            for row in rows:
                url = f"{base}/{revision.plan_id}/{row.path.rsplit('/', 1)[-1]}"
                label = row.label or VIEW_LABELS["whole_plan"]
                parts.append(
                    f"<li><strong>{escape(label)}</strong>{qr_svg(webcal(url))}"
                    f'<a href="{escape(webcal(url))}">{LABELS["subscribe_feed"]}</a>'
                    f'<a href="{escape(url)}">{LABELS["download"]}</a></li>'
                )
            parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")
