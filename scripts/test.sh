#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine, then
# runs the linter and the tests. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# LibreOffice recalculates the generated reports; poppler renders the doc pictures.
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc poppler-utils >/dev/null
fi

# PostgreSQL: the warehouse tests start a throw-away cluster (initdb + pg_ctl) on 127.0.0.1.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    postgresql >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
python3 -m ruff check .
python3 -m ruff format --check .
# One worker per core (CI has 2); --dist loadfile keeps each test file on one worker, so a
# module-scoped fixture (a built report, a recalculated workbook) is made once. The 25
# slowest steps are listed at the end: where the suite's time goes (CI keeps under 15 min).
python3 -m pytest -n "${XLKPI_TEST_WORKERS:-2}" --dist loadfile --durations=25 "$@"
