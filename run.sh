#!/usr/bin/env bash
# Set up (a virtualenv with the scheduler and its test tools) and run.
#   ./run.sh                 solve calendars/examples/school-2026.yaml into out/
#   ./run.sh test            run the test suite
#   ./run.sh solve PLAN …    any scheduler command
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi
case "${1:-example}" in
  example) exec .venv/bin/scheduler solve calendars/examples/school-2026.yaml -o out/ ;;
  test) shift; exec .venv/bin/python -m pytest "$@" ;;
  *) exec .venv/bin/scheduler "$@" ;;
esac
