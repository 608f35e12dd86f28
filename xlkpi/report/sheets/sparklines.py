"""Native Excel sparklines: the ``x14:sparklineGroups`` extension of a worksheet.

openpyxl does not write sparklines, so a sheet module lists them on its
:class:`~xlkpi.report.workbook.SheetSpec` with :func:`add` and the rendered ``<ext>``
element is spliced into the saved sheet's ``extLst`` (see
:func:`xlkpi.report.sheets.raw_xml.splice`). Excel 2010+ and LibreOffice 7.4+ draw them.
"""

from __future__ import annotations

from xlkpi.report.formulas import quote_sheet
from xlkpi.report.workbook import SheetSpec, xml_text

EXT_URI = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
LINE = "FF8EA9C8"  # a light accent blue
LAST, LOW = "FF1F4E79", "FF9C0006"  # the latest period: the accent; negative: red
PARTIAL = "FFD9E2EE"  # a latest period cut short by the as-of date: paler than the rest


def group_xml(
    cells: list[tuple[str, str]], sheet: str, zero: bool = False, partial: bool = False
) -> str:
    """One column sparkline group: each (cell, data range on ``sheet``); a blank or an
    error is a gap; the last period's column is highlighted, negative ones red.

    Columns, not lines: LibreOffice 7.4 prints line sparklines without their line.
    ``zero``: the columns stand on 0 (else on the smallest value, as Excel's default).
    ``displayHidden``: the data may sit in hidden columns (the Dashboard's tile inputs).
    ``partial``: the last period is cut short by the as-of date: its column is paler than
    the others (not the accent), so a part-period total does not read as a dip.

    >>> group_xml([("B5", "Z5:AK5")], "Dashboard")[:60]
    '<x14:sparklineGroup type="column" displayEmptyCellsAs="gap" '
    """
    lines = "".join(
        f"<x14:sparkline><xm:f>{xml_text(quote_sheet(sheet))}!{rng}</xm:f>"
        f"<xm:sqref>{cell}</xm:sqref></x14:sparkline>"
        for cell, rng in cells
    )
    axis = ' minAxisType="custom" manualMin="0"' if zero else ""
    return (
        '<x14:sparklineGroup type="column" displayEmptyCellsAs="gap" displayHidden="1" last="1" '
        f'negative="1"{axis}>'
        f'<x14:colorSeries rgb="{LINE}"/><x14:colorNegative rgb="{LOW}"/>'
        f'<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="{LINE}"/>'
        f'<x14:colorFirst rgb="{LINE}"/><x14:colorLast rgb="{PARTIAL if partial else LAST}"/>'
        f'<x14:colorHigh rgb="{LINE}"/><x14:colorLow rgb="{LINE}"/>'
        f"<x14:sparklines>{lines}</x14:sparklines></x14:sparklineGroup>"
    )


def ext_xml(cells: list[tuple], sheet: str) -> str:
    """The worksheet ``<ext>`` element holding the sparklines of ``cells`` (:func:`entry`)."""
    groups = "".join(group_xml([(c[0], c[1])], sheet, *c[2:]) for c in cells)
    return (
        f'<ext uri="{EXT_URI}" xmlns:x14="{X14}">'
        f'<x14:sparklineGroups xmlns:xm="{XM}">{groups}</x14:sparklineGroups></ext>'
    )


def entry(cell: str, rng: str, values, partial: bool = False) -> tuple[str, str, bool, bool]:
    """A sparkline of ``values`` (in ``rng``) in ``cell``: columns on 0 unless one is < 0;
    ``partial``: the last value is a period cut short (drawn paler)."""
    finite = [v for v in values if isinstance(v, int | float) and v == v]
    return cell, rng, bool(finite) and min(finite) >= 0, partial


def add(spec: SheetSpec, cells: list[tuple]) -> None:
    """Draw a sparkline in each cell of ``cells`` = [:func:`entry`, ...]."""
    if cells:
        spec.extensions.append(ext_xml(cells, spec.title))
