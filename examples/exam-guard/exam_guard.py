"""A scheduler plugin: keep sports events away from the days before a big exam.

Rule `exam_guard.quiet_before_exams`: in the `days` days before each exam (the
activities `exams` selects), at most `limit` of the occurrences `scope` selects
start. Hard, or with `weight` a preference costing `weight` for each one over.
"""

from scheduler.api import NonNegativeInt, PositiveInt, RuleContext, RuleParams, RuleType, Scope
from scheduler.hookspecs import hookimpl


class QuietBeforeExams(RuleParams):
    exams: Scope  # the big exams, e.g. {category: exam}
    scope: Scope  # what to keep away from them, e.g. {category: sport}
    days: PositiveInt = 3  # how many days before each exam are kept quiet
    limit: NonNegativeInt = 1  # how many scoped occurrences those days may hold


def apply(ctx: RuleContext, rule: QuietBeforeExams) -> None:
    quiet = ctx.select(rule.scope)
    for exam in ctx.select(rule.exams):
        # (task, literal "task starts 1 to `days` days before the exam") for each task
        before = [
            (task, ctx.in_range(ctx.day(exam) - ctx.day(task), 1, rule.days, [exam, task]))
            for task in quiet
            if task.id != exam.id
        ]
        ctx.at_most(before, rule.limit, tag=exam.id)


@hookimpl
def scheduler_rule_types() -> list[RuleType]:
    return [
        RuleType(
            "exam_guard.quiet_before_exams",
            QuietBeforeExams,
            apply,
            "at most `limit` scoped occurrences in the `days` days before each exam",
        )
    ]
