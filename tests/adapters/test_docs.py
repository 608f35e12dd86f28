"""docs/bring-your-data.md: its generated parts are current, and what it shows is real."""

from __future__ import annotations

import re
from pathlib import Path

from tests.adapters.test_mapping import MAPPING
from xlkpi.adapters import ADAPTERS
from xlkpi.adapters.docs import adapters_markdown, contract_markdown
from xlkpi.data import check_source
from xlkpi.data.contract import TABLES

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "bring-your-data.md"


def _between(text: str, name: str) -> str:
    match = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, name
    return match.group(1)


def test_the_contract_and_the_adapters_are_generated_and_current():
    text = GUIDE.read_text(encoding="utf-8")
    assert _between(text, "contract") == contract_markdown(), "regenerate the guide's contract"
    assert _between(text, "adapters") == adapters_markdown(), "regenerate the guide's adapters"
    for spec in TABLES.values():
        for column in spec.columns:
            assert f"| `{column.name}` |" in text
    assert all(f"(`{a.name}`)" in text for a in ADAPTERS)


def test_the_readme_links_the_guide():
    assert "(docs/bring-your-data.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_mapping_example_is_the_tested_one():
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```\n(table,column,source,format\n.*?)```", text, re.S).group(1)
    assert block == MAPPING


def test_the_suggestion_shown_is_what_check_says(tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    shown = re.search(r"```\n(orders\.csv!order_date row 1: .*?)\n```", text, re.S).group(1)
    (tmp_path / "orders.csv").write_text("order_id,Created,customer_id,revenue\n1,2025-01-01,C,1\n")
    said = [str(p) for p in check_source(tmp_path)]
    assert said and said[0].startswith(shown)


def test_the_settings_example_reads(tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```\n(date_order,dmy\n.*?)```", text, re.S).group(1)
    (tmp_path / "settings.csv").write_text(block)
    (tmp_path / "orders.csv").write_text(
        "order_id,order_date,customer_id,revenue\n"
        "1,13/01/2025 00:30,C,1\n"
        "2,2025-01-13 00:30 +0100,C,2\n"
    )
    from xlkpi.data import read_source

    data = read_source(tmp_path)
    assert (data.settings.date_order, data.settings.time_zone) == ("dmy", "Europe/Paris")
    dates = data.tables["orders"].frame["order_date"].dt.strftime("%Y-%m-%d %H:%M").tolist()
    assert dates == ["2025-01-13 00:30", "2025-01-13 00:30"]
