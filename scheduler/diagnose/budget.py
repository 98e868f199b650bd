"""How much search a diagnosis may spend, and on what it spent it.

Each test is limited in CP-SAT's deterministic time (one worker: the same plan gives
the same diagnosis), and the whole diagnosis by a wall-clock deadline as a safety net
for big plans: when the deadline passes, what is left is reported as not tried.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

DEFAULT_SECONDS = 45.0  # wall clock for a whole diagnosis (prechecks aside)
DEFAULT_PER_TEST = 5.0  # deterministic time of one test solve
DEFAULT_VERIFY_SECONDS = 10.0  # wall clock for re-solving the whole changed plan once


@dataclass
class Budget:
    seconds: float = DEFAULT_SECONDS
    per_test: float = DEFAULT_PER_TEST
    verify_seconds: float = DEFAULT_VERIFY_SECONDS
    began: float = field(default_factory=time.perf_counter)
    tests: int = 0
    unknown: int = 0
    work: float = 0.0  # deterministic time spent
    phases: dict[str, float] = field(default_factory=dict)

    def left(self) -> float:
        return self.seconds - (time.perf_counter() - self.began)

    def exhausted(self) -> bool:
        return self.left() <= 0

    def limit(self, solver: cp_model.CpSolver, scale: float = 1.0, seconds: float = 0) -> None:
        """Limit one test: deterministic time, and never past the deadline (nor past
        `seconds` of wall clock, if given)."""
        solver.parameters.max_deterministic_time = self.per_test * scale
        wall = min(self.left(), seconds) if seconds else self.left()
        solver.parameters.max_time_in_seconds = max(0.1, wall)

    def charge(self, solver: cp_model.CpSolver, status: int) -> None:
        self.tests += 1
        self.work += solver.deterministic_time
        if status == cp_model.UNKNOWN:
            self.unknown += 1

    def mark(self, phase: str, since: float) -> float:
        now = time.perf_counter()
        self.phases[phase] = round(self.phases.get(phase, 0.0) + now - since, 3)
        return now

    def stats(self) -> dict[str, object]:
        return {
            "seconds": round(time.perf_counter() - self.began, 3),
            "tests": self.tests,
            "unknown": self.unknown,
            "deterministic_time": round(self.work, 3),
            "phases": dict(self.phases),
        }
