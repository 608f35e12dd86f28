"""Every text of a chart at a stated size, so that it prints at 8 pt or more.

An application draws a chart text without a size at its own default (LibreOffice: 10 pt
tick labels, 13 pt titles), and a sheet fitted to the page shrinks it further. The report
states a size on every text of every chart instead - title, axis titles, tick labels,
legend, data labels - from the ``text_pt`` the sheet asks for (the chart's
``xlkpi_text_pt``), chosen so that text_pt x the sheet's print scale >= 8
(tests/report/test_print_pages.py reads the scale from the rendered PDF).
"""

from __future__ import annotations

from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

TEXT_PT = 10.0  # tick labels, axis titles, legend, data labels
TITLE_EXTRA = 1.0  # the chart title: this much larger, bold


def _size(props: CharacterProperties | None, pt: float, bold: bool | None = None):
    props = props if props is not None else CharacterProperties()
    props.sz = round(pt * 100)
    if bold is not None:
        props.b = bold
    return props


def _paragraphs(rich: RichText | None, pt: float, bold: bool | None = None) -> RichText:
    """``rich`` (or a new RichText) whose every paragraph and run is ``pt`` points."""
    rich = rich if rich is not None else RichText(p=[Paragraph()])
    for para in rich.p or []:
        para.pPr = para.pPr or ParagraphProperties()
        para.pPr.defRPr = _size(para.pPr.defRPr, pt, bold)
        for run in para.r or []:
            run.rPr = _size(run.rPr, pt, bold)
        para.endParaRPr = _size(para.endParaRPr, pt, bold)
    return rich


def _title(title: Title | None, pt: float, bold: bool) -> None:
    if title is None:
        return
    if title.tx is None or title.tx.rich is None:
        title.tx = Text(rich=RichText(p=[Paragraph()]))
    _paragraphs(title.tx.rich, pt, bold)


def size(chart, pt: float = TEXT_PT) -> None:
    """State ``pt`` on every text of ``chart`` (its title ``pt`` + 1, bold)."""
    _title(chart.title, pt + TITLE_EXTRA, True)
    for axis in (chart.x_axis, chart.y_axis):
        _title(axis.title, pt, False)
        axis.txPr = _paragraphs(axis.txPr, pt)  # keeps a turned label's bodyPr
    if chart.legend is not None:
        chart.legend.txPr = _paragraphs(chart.legend.txPr, pt)
    for series in chart.series:
        labels = series.dLbls
        if labels is None:
            continue
        if labels.txPr is not None:
            _paragraphs(labels.txPr, pt)
        for label in labels.dLbl or []:
            if label.txPr is not None:
                _paragraphs(label.txPr, pt)
