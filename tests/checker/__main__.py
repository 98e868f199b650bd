"""`python -m tests.checker PLAN OUT`: print the violations; exit 1 if any, 2 if the
checker cannot judge the plan."""

from __future__ import annotations

import sys

from . import UnsupportedPlan, check


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.checker PLAN OUT_DIR", file=sys.stderr)
        return 2
    try:
        violations = check(argv[0], argv[1])
    except UnsupportedPlan as exc:
        print(f"unsupported plan: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"cannot check: {exc}", file=sys.stderr)
        return 2
    for violation in violations:
        print(violation)
    print(f"{len(violations)} violation(s)", file=sys.stderr)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
