"""docs/bring-your-data.md's missing-column line is what ``xlkpi check`` prints."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from xlkpi.cli import main

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "bring-your-data.md"


def test_the_missing_column_line_shown_is_what_check_prints(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    header = "order_id,Created,customer_id,revenue"
    (folder / "orders.csv").write_text(f"{header}\n1,2026-01-02,C1,10\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["check", str(folder)])
    assert done.exit_code == 1
    line = next(x for x in done.output.splitlines() if x.startswith("orders.csv!order_date"))
    assert "Created -> order_date?" in line
    assert f"\n{line}\n" in GUIDE.read_text(encoding="utf-8")
