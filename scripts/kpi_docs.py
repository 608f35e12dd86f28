"""Render docs/kpis.md's reference lines from the KPI catalogue (and add skeleton entries).

    python scripts/kpi_docs.py          # rewrite docs/kpis.md in place
    python scripts/kpi_docs.py --check  # exit 1 and list the differences instead

Only the derived lines of each ``### <id>`` entry change (title and definition, unit
and direction, Python and Excel signatures, report inputs); the prose stays as written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xlkpi.kpi import reference

DOC = Path(__file__).resolve().parent.parent / "docs" / "kpis.md"


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    if "--check" in argv:
        found = reference.problems(text)
        for line in found:
            print(line)
        return 1 if found else 0
    new = reference.update(text)
    if new != text:
        DOC.write_text(new, encoding="utf-8")
        print(f"updated {DOC}")
    left = reference.problems(new)
    for line in left:
        print(line)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
