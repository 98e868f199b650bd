"""Secret tokens for staff members' personal feeds.

A token is 32 random bytes (URL-safe base64), shown once by `scheduler tokens reset`;
the database keeps only its SHA-256 digest. A plain hash suffices because a token is
random and long, not a password a person chose. Resetting replaces the old token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from .clock import publish_time
from .store import PublishError, Store

PRIVATE_PREFIX = "/-/private/"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def private_path(token: str) -> str:
    """The URL path of a token's feed (`/-/` never starts a plan id)."""
    return f"{PRIVATE_PREFIX}{token}.ics"


def staff_feed_path(staff_id: str) -> str:
    return f"feeds/staff-{staff_id}.ics"


def reset_token(
    db_path: Path, staff_id: str, plan_id: str | None = None, now: dt.datetime | None = None
) -> tuple[str, str]:
    """Give a staff member of a published plan a new token: (plan id, token)."""
    store = Store(db_path, create=False)
    try:
        plans = {r.plan_id: r for r in store.current()}
        if plan_id is None:
            if len(plans) != 1:
                raise PublishError(
                    f"{db_path} holds {len(plans)} plans ({', '.join(plans) or 'none'}):"
                    " name one with --plan"
                )
            plan_id = next(iter(plans))
        if plan_id not in plans:
            raise PublishError(f"no plan {plan_id!r} is published in {db_path}")
        staff = {
            row.ident for row in store.feeds(plans[plan_id].id, bodies=False) if row.kind == "staff"
        }
        if staff_id not in staff:
            known = ", ".join(sorted(staff)) or "none"
            raise PublishError(f"plan {plan_id} has no staff member {staff_id!r} (staff: {known})")
        token = new_token()
        with store.write():
            store.set_token(plan_id, staff_id, token_digest(token), publish_time(now)[0])
        return plan_id, token
    finally:
        store.close()
