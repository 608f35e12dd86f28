"""Render the docs' derived parts from the KPI catalogue and the option declarations.

    python scripts/kpi_docs.py          # rewrite the docs in place
    python scripts/kpi_docs.py --check  # exit 1 and list the differences instead

- docs/kpis.md: each ``### <id>`` entry's derived lines (title and definition, unit and
  direction, Python and Excel signatures, report inputs; the prose stays as written), and
  a skeleton entry for a KPI without one;
- the generated tables (``xlkpi.excel.doc_tables``): the definition options and the sample
  sizes of rates in docs/kpis.md, the "All functions" table in
  docs/getting-started-excel.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xlkpi.excel import doc_tables
from xlkpi.kpi import reference
from xlkpi.kpi.catalogue import package_entries

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "kpis.md"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    text = DOC.read_text(encoding="utf-8")
    if not check:
        new = reference.update(text)
        if new != text:
            DOC.write_text(new, encoding="utf-8")
            print(f"updated {DOC}")
    stale = []
    for path, (old, new) in doc_tables.current(ROOT).items():
        if old == new:
            continue
        if check:
            stale.append(f"{path.relative_to(ROOT)}: a generated table is out of date")
        else:
            path.write_text(new, encoding="utf-8")
            print(f"updated {path}")
    left = stale + reference.problems(DOC.read_text(encoding="utf-8"), package_entries())
    for line in left:
        print(line)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
