"""The report's look in one place: fonts, fills, number formats by KPI unit, page setup.

Sheet modules refer to styles by name (``"header"``, ``"title"``, ...) and to number
formats by KPI unit (``"rate"``, ``"money"``, ...), so the whole report changes together.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties

FONT = "Calibri"
INK = "1F2937"  # body text
ACCENT = "1F4E79"  # dark blue: titles, header fill
MUTED = "6B7280"  # notes
BAND = "DDEBF7"  # light blue: section rows
GREEN, AMBER, RED = "C6EFCE", "FFEB9C", "FFC7CE"  # Excel's own good/neutral/bad fills
GREEN_INK, AMBER_INK, RED_INK = "006100", "9C5700", "9C0006"
TILE = "F3F6FA"  # Dashboard tile background

_thin = Side(style="thin", color="BFBFBF")

STYLES: dict[str, dict] = {
    "title": {"font": Font(name=FONT, size=16, bold=True, color=ACCENT)},
    "subtitle": {"font": Font(name=FONT, size=10, italic=True, color=MUTED)},
    "note": {  # 10 pt: at least 8 pt on paper when a sheet prints at 80 %
        "font": Font(name=FONT, size=10, italic=True, color=MUTED),
        "alignment": Alignment(wrap_text=False, vertical="top"),
    },
    "section": {"font": Font(name=FONT, size=12, bold=True, color=ACCENT)},
    "header": {
        "font": Font(name=FONT, size=10, bold=True, color="FFFFFF"),
        "fill": PatternFill("solid", fgColor=ACCENT),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": Border(bottom=_thin),
    },
    "band": {
        "font": Font(name=FONT, size=10, bold=True, color=ACCENT),
        "fill": PatternFill("solid", fgColor=BAND),
    },
    "label": {"font": Font(name=FONT, size=10, color=INK)},
    "strong": {"font": Font(name=FONT, size=10, bold=True, color=INK)},
    "cell": {"font": Font(name=FONT, size=10, color=INK), "border": Border(bottom=_thin)},
    "live": {
        "font": Font(name=FONT, size=10, bold=True, color=INK),
        "border": Border(bottom=_thin),
    },
    # "–": a value not defined for its period (a footnote says why), never a zero
    "dash": {
        "font": Font(name=FONT, size=10, color=MUTED),
        "border": Border(bottom=_thin),
        "alignment": Alignment(horizontal="right"),
    },
    # long text in a table cell: wrapped inside its column(s), the row made tall enough
    "wrap": {
        "font": Font(name=FONT, size=10, color=INK),
        "border": Border(bottom=_thin),
        "alignment": Alignment(wrap_text=True, vertical="top"),
    },
    "input": {"font": Font(name=FONT, size=10, color="0000FF"), "border": Border(bottom=_thin)},
    "trend": {"font": Font(name="Consolas", size=10, color=ACCENT)},
    "code": {  # SQL text, one line a cell (a line longer than its column wraps)
        "font": Font(name="Consolas", size=10, color=INK),
        "alignment": Alignment(wrap_text=True, vertical="top"),
    },
    "text": {},  # raw data text: only the quote prefix is added by the writer
    # Dashboard tiles: a light card with a big number
    "tile": {"fill": PatternFill("solid", fgColor=TILE)},
    "tile_title": {
        "font": Font(name=FONT, size=10, bold=True, color=ACCENT),
        "fill": PatternFill("solid", fgColor=TILE),
        "border": Border(top=Side(style="medium", color=ACCENT)),
    },
    "tile_value": {
        "font": Font(name=FONT, size=22, bold=True, color=INK),
        "fill": PatternFill("solid", fgColor=TILE),
        "alignment": Alignment(horizontal="left", vertical="center"),
    },
    "tile_delta": {
        "font": Font(name=FONT, size=10, bold=True, color=MUTED),
        "fill": PatternFill("solid", fgColor=TILE),
        "alignment": Alignment(horizontal="left"),
    },
    "tile_status": {
        "font": Font(name=FONT, size=9, color=MUTED),
        "fill": PatternFill("solid", fgColor=TILE),
    },
    "tile_note": {  # the Dashboard prints at about 98 %: still 8 pt on paper
        "font": Font(name=FONT, size=8.5, color=MUTED),
        "fill": PatternFill("solid", fgColor=TILE),
        "alignment": Alignment(horizontal="left"),
    },
    "tile_reason": {  # why a tile has no value: wrapped over the tile's lower rows
        "font": Font(name=FONT, size=9, color=MUTED),
        "fill": PatternFill("solid", fgColor=TILE),
        "alignment": Alignment(wrap_text=True, vertical="top"),
    },
    "flag": {"font": Font(name=FONT, size=10, bold=True, color=AMBER_INK)},
    "link": {"font": Font(name=FONT, size=10, color="0563C1", underline="single")},
}

CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "¥",
    "INR": "₹",
    "AUD": "A$",
    "CAD": "C$",
    "NZD": "NZ$",
    "KRW": "₩",
    "BRL": "R$",
}

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def money_format(currency: str = "USD", decimals: int = 2) -> str:
    """Excel number format for money in ``currency`` (an ISO code).

    >>> money_format("USD")
    '"$"#,##0.00;-"$"#,##0.00'
    >>> money_format("CHF", 0)
    '#,##0 "CHF";-#,##0 "CHF"'
    """
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    code = (currency or "USD").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f'"{symbol}"{digits};-"{symbol}"{digits}'
    return f'{digits} "{code}";-{digits} "{code}"'


def number_format(unit: str, currency: str = "USD") -> str:
    """Excel number format of a KPI unit (``rate``, ``money``, ``count``, ``score``, ``ratio``).

    >>> number_format("rate"), number_format("count"), number_format("score")
    ('0.0%', '#,##0', '0.0')
    """
    return {
        "rate": "0.0%",
        "money": money_format(currency),
        "count": "#,##0",
        "score": "0.0",
        "ratio": '0.00"x"',
        "date": DATE_FORMAT,
        "int": "0",
    }.get(unit, "General")


def apply(cell, style: str | None = None, fmt: str | None = None) -> None:
    """Give ``cell`` the named style and number format."""
    if style:
        for attr, value in STYLES[style].items():
            setattr(cell, attr, value)
    if fmt:
        cell.number_format = fmt


def page_setup(
    ws,
    *,
    title_rows: str | None = None,
    landscape: bool = True,
    fit_height: bool = False,
    fit_width: bool = True,
) -> None:
    """Landscape, fit to one page wide (and tall when ``fit_height``), repeated title rows."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1 if fit_height else 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6  # room for the header and footer
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if title_rows:
        ws.print_title_rows = title_rows


HEADER_LIMIT = 255  # characters Excel allows in one header or footer string, codes included
HEADER_SIZE = 10  # points: 8 on paper at the 80 % a wide sheet may print at


def header_text(text: str, limit: int = 100) -> str:
    r"""``text`` as literal text of an Excel header / footer: ``&`` starts a code there
    (``&P`` page, ``&A`` sheet, ...), so it is doubled; line breaks and other control
    characters become spaces; at most ``limit`` characters of ``text`` are kept.

    >>> header_text("R&D && Sales"), header_text("a\nb\tc")
    ('R&&D &&&& Sales', 'a b c')
    """
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("&", "&&")


def print_frame(ws, report: str, as_of: str) -> None:
    """The page header and footer of every printed page of every report sheet.

    Header: the report name left, its as-of date right. Footer: the sheet name (``&A``)
    left, ``Page &P of &N`` right. The texts are literal (:func:`header_text`).
    """
    parts = {
        (ws.oddHeader, "left"): header_text(report),
        (ws.oddHeader, "right"): header_text(f"As of {as_of}" if as_of else ""),
        (ws.oddFooter, "left"): "&A",
        (ws.oddFooter, "right"): "Page &P of &N",
    }
    for (item, side), text in parts.items():
        if text:
            part = getattr(item, side)
            part.text, part.size = text, HEADER_SIZE
    ws.HeaderFooter.scaleWithDoc = False  # Excel: the header and footer keep their size
    for item in (ws.oddHeader, ws.oddFooter):
        parts_ = [getattr(item, side) for side in ("left", "center", "right")]
        total = sum(len(str(part)) + 2 for part in parts_ if part)  # "&L..." and so on
        if total > HEADER_LIMIT:
            raise ValueError(f"header / footer of {ws.title!r} is {total} characters long")
