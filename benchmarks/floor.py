"""The floor: stream-unzip a workbook's sheet XML and scan it with expat, creating nothing.

    python benchmarks/floor.py raw.xlsx                 # the Orders sheet only
    python benchmarks/floor.py raw.xlsx --all           # every sheet + shared strings

No handlers are set, so expat tokenises every tag and attribute without building one
Python object per cell: this is what any xlsx reader must at least do (inflate + parse),
in one core. ``xlkpi build`` is measured against it.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
import zipfile
from xml.parsers import expat

CHUNK = 1 << 20


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of its XML, from workbook.xml and its relationships."""
    workbook = zf.read("xl/workbook.xml").decode()
    rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    targets = {}
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]+)"', rel).group(1)
        target = re.search(r'\bTarget="([^"]+)"', rel).group(1)
        targets[rid] = (
            target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        )
    parts = {}
    for sheet in re.findall(r"<sheet\b[^>]*>", workbook):
        name = re.search(r'\bname="([^"]+)"', sheet).group(1)
        rid = re.search(r'\br:id="([^"]+)"', sheet).group(1)
        parts[name] = targets[rid]
    return parts


def scan(zf: zipfile.ZipFile, member: str) -> int:
    """Inflate ``member`` in 1 MiB chunks into a handler-less expat parser; bytes scanned."""
    parser = expat.ParserCreate()
    total = 0
    with zf.open(member) as fh:
        while chunk := fh.read(CHUNK):
            parser.Parse(chunk, False)
            total += len(chunk)
    parser.Parse(b"", True)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="stream-unzip + expat scan (the floor)")
    ap.add_argument("workbook")
    ap.add_argument("--sheet", default="Orders", help="sheet to scan (default Orders)")
    ap.add_argument("--all", action="store_true", help="scan every sheet and the sst")
    args = ap.parse_args(argv)
    with zipfile.ZipFile(args.workbook) as zf:
        parts = sheet_parts(zf)
        if args.all:
            members = list(parts.values())
            if "xl/sharedStrings.xml" in zf.namelist():
                members.append("xl/sharedStrings.xml")
        else:
            members = [parts[args.sheet]]
        total = sum(scan(zf, m) for m in members)
    print(f"scanned {total / 1e6:.1f} MB of XML in {len(members)} part(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
