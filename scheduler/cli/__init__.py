"""The `scheduler` command: the root only wires the commands together and maps
errors to exit codes (plan-format.md, "Exit codes")."""

from __future__ import annotations

import sys

import typer
from typer.exceptions import TyperException

from ..errors import EXIT_BAD_INPUT, EXIT_INTERNAL, SchedulerError
from . import (
    calendar_cmd,
    explain_cmd,
    import_cmd,
    new_cmd,
    plugins_cmd,
    schema_cmd,
    selection,
    solve_cmd,
    validate_cmd,
)
from .publish_cmd import publish_cmd
from .serve_cmd import serve
from .terminal import internal, report
from .tokens_cmd import tokens_app

app = typer.Typer(
    name="scheduler",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    help="Plan a year of activities from a plan file and publish it.",
)
app.command("solve")(solve_cmd.solve)
app.command("validate")(validate_cmd.validate)
app.command("explain")(explain_cmd.explain)
app.command("schema")(schema_cmd.schema)
app.command("plugins")(plugins_cmd.plugins)
app.command("calendar")(calendar_cmd.calendar)
app.command("import")(import_cmd.import_sheet)
app.command("new")(new_cmd.new)
app.callback()(selection.choose_plugins)
app.command("publish")(publish_cmd)
app.command("serve")(serve)
app.add_typer(tokens_app)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this)."""
    try:
        result = app(args=argv, prog_name="scheduler", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        return 130
    except TyperException as usage:  # bad command line: usage errors
        show = getattr(usage, "show", None)
        if show is not None:
            show()
        else:
            print(f"error: {usage}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SchedulerError as error:
        report(error)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the one place internal errors end up
        internal(error)
        return EXIT_INTERNAL


def main() -> None:
    sys.exit(run(sys.argv[1:]))
