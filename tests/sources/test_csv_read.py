"""A CSV table read by the engine is parsed once, typed as it is read (no sniffing pass
over the whole file), and still says what the workbook reader says of the same file: the
same problems on the same rows, the same values. Differential: the reader is the
reference (xlkpi.sources.csvread)."""

from __future__ import annotations

import pytest

from xlkpi.data import check_source, read_source
from xlkpi.sources import api

from .test_csv_dates import _same

HEAD = "order_id,order_date,customer_id,revenue,cost\n"
#: rows past any sample DuckDB's sniffer would type the columns from
CLEAN = 25_000


def _rows(n: int, start: int = 0) -> str:
    return "".join(f"O{i},2025-01-13,C{i % 7},12.5,1.25\n" for i in range(start, start + n))


def _write(folder, text: str, name: str = "orders.csv"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def _same_problems(folder) -> list:
    errors, _ = api.check(folder)
    _same(errors, check_source(folder))
    return errors


def _stored(folder) -> dict[str, str]:
    table = api.opened(folder).tables["orders"].table
    return {name: str(table[name].type()) for name in table.columns}


def test_a_clean_file_is_stored_typed(tmp_path):
    """Numbers as DOUBLE, ISO dates as DATE (no query parses their text again); ids,
    text and the columns the contract does not name stay text."""
    folder = _write(tmp_path, HEAD.replace("\n", ",note\n") + _rows(3).replace("\n", ",x\n"))
    assert _stored(folder) == {
        "order_id": "string", "order_date": "date", "customer_id": "string",
        "revenue": "float64", "cost": "float64", "note": "string",
    }  # fmt: skip
    assert _same_problems(folder) == []


def test_cells_past_the_sample_that_a_number_or_date_cast_cannot_read(tmp_path):
    """A column numeric (or ISO dates) for 25,000 rows, then other text: money the reader
    reads, bad cells named on their line with their text, as the reader names them. The
    columns with such cells are text again; the others stay typed."""
    odd = [
        'O_a,2025-01-14,C1,"$1,234.50",1',  # money: read, not a problem
        "O_b,2025-01-14,C1,n/a,1",
        "O_c,13/01/2025,C1,3,1",  # a day-first date: ambiguous without date_order
        "O_d,someday,C1,3, ",  # a blank of spaces is blank
    ]
    folder = _write(tmp_path, HEAD + _rows(CLEAN) + "\n".join(odd) + "\n" + _rows(3, CLEAN))
    errors = _same_problems(folder)
    text = "\n".join(map(str, errors))
    assert f"orders.csv!revenue row {CLEAN + 3}: not a number (value: 'n/a')" in text
    assert f"orders.csv!order_date row {CLEAN + 5}: not a date (use a real date" in text
    assert f"orders.csv!order_date row {CLEAN + 4}: 1 date(s) in this column" in text
    types = _stored(folder)
    assert types["revenue"] == types["order_date"] == types["cost"] == "string"
    assert _stored(_write(tmp_path / "b", HEAD + _rows(3) + odd[1] + "\n"))["cost"] == "float64"
    got = api.engine_tables(folder, validate=False)["orders"].revenue.execute()
    assert got.iloc[CLEAN] == 1234.5 and got.iloc[0] == 12.5


#: text DuckDB's casts read as a number (or an ISO date) and the reader does not, by
#: column; those of a column are all numbers (dates) to DuckDB's sniffer, as was such a
#: column (typed DOUBLE or DATE, never questioned again) before the rows were typed here
ODD = {
    "revenue": ["nan", "inf", "-Infinity", "1e400"],
    "cost": ["1_000", "0x10"],
    "order_date": ["2025-1-3", "2025-1-03 ", "infinity", "epoch", "1850-01-01"],
}


def test_text_duckdb_reads_as_a_number_or_a_date_and_the_reader_does_not(tmp_path):
    lines = []
    for i in range(max(map(len, ODD.values()))):
        cells = {"order_id": f"O_x{i}", "order_date": "2025-01-13", "customer_id": "C1",
                 "revenue": "1", "cost": "1"}  # fmt: skip
        cells.update({column: values[i] for column, values in ODD.items() if i < len(values)})
        lines.append(",".join(cells.values()))
    folder = _write(tmp_path, HEAD + _rows(2) + "\n".join(lines) + "\n")
    errors = _same_problems(folder)
    named = {(p.row, p.column, p.value) for p in errors}
    assert named == {(4 + i, c, v) for c, values in ODD.items() for i, v in enumerate(values)}


def test_iso_dates_with_spaces_or_a_time_are_read_as_the_reader_reads_them(tmp_path):
    dates = [" 2025-01-13", "2025-01-13 10:30", "2025-01-13T10:30:00Z", "20250113"]
    lines = "".join(f"O_{i},{d},C1,1,1\n" for i, d in enumerate(dates))
    folder = _write(tmp_path, HEAD + _rows(2) + lines)
    assert _same_problems(folder) == []
    want = read_source(folder).tables["orders"].frame.order_date.tolist()
    got = api.engine_tables(folder)["orders"].order_date.execute().tolist()
    assert got == want


def test_quoted_newlines_and_separators_past_the_sample(tmp_path):
    """A quoted cell holding the separator and a line break after 25,000 plain rows: one
    record, as for the reader; a bad cell after it is named on the reader's row."""
    tail = 'O_q,2025-01-14,C1,3,"1"\nO_r,2025-01-14,"C,\n1",3,1\nO_s,2025-01-14,C1,x,1\n'
    folder = _write(tmp_path, HEAD + _rows(CLEAN) + tail)
    errors = _same_problems(folder)
    assert [(p.row, p.column) for p in errors] == [(CLEAN + 4, "revenue")]
    ids = api.engine_tables(folder, validate=False)["orders"].customer_id.execute()
    assert ids.iloc[CLEAN + 1] == "C,\n1" and len(ids) == CLEAN + 3


@pytest.mark.parametrize("line", ["O_x,2025-01-14,C1", "O_x,2025-01-14,C1,3,1,extra"])
def test_a_ragged_line_goes_to_the_reader(line, tmp_path):
    """A line with fewer or more cells than the header: DuckDB refuses it, so the
    commands read the file with the reader, which pads a short line and names a long
    one (its own words, never a traceback)."""
    from click.testing import CliRunner

    from xlkpi.cli import main

    folder = _write(tmp_path, HEAD + _rows(3) + line + "\n" + _rows(2, 3))
    done = CliRunner().invoke(main, ["check", str(folder)])
    try:
        expected = [str(p) for p in check_source(folder)]
    except Exception as exc:  # the reader's one line
        assert done.exit_code == 1 and str(exc) in done.output
        return
    assert done.exit_code == 1 and done.stdout.splitlines()[1 : 1 + len(expected)] == expected
    assert expected[0].startswith("orders.csv!revenue row 5: required value is blank")


def test_a_semicolon_file_with_decimal_commas_and_a_bom(tmp_path):
    text = "\ufeff" + HEAD.replace(",", ";") + "O1;2025-01-13;C1;12,5;1\nO2;2025-01-13;C1;2;1\n"
    folder = _write(tmp_path, text)
    errors = _same_problems(folder)
    assert [(p.row, p.column, p.value) for p in errors] == [(2, "revenue", "12,5")]


def test_a_whole_number_column_keeps_whole_numbers_typed(tmp_path):
    """NPS scores ``7`` and ``7.0`` are the same whole number; ``2.5`` is a bad cell,
    named with its text."""
    text = "response_date,score\n" + "2025-01-13,7\n" * 3 + "2025-01-13,7.0\n"
    folder = _write(tmp_path, text, "nps.csv")
    assert str(api.opened(folder).tables["nps"].table.score.type()) == "float64"
    folder = _write(tmp_path / "bad", text + "2025-01-13,2.5\n", "nps.csv")
    errors, _ = api.check(folder)
    _same(errors, check_source(folder))
    assert [(p.row, p.column, p.value) for p in errors] == [(6, "score", "2.5")]
