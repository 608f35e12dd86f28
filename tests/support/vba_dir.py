"""Read the references of a ``vbaProject.bin`` from its ``VBA/dir`` stream (MS-OVBA 2.3.4.2).

The dir stream is a sequence of records ``id (2) size (4) data``; the one exception is
PROJECTVERSION (0x0009), whose size field says 4 but which holds 6 bytes. References are
REFERENCENAME (0x0016, then its Unicode twin 0x003E) followed by the reference record.
"""

from __future__ import annotations

import io
import struct
import zipfile

from xlkpi.excel.template.vba import decompress


def dir_stream(vba_project: bytes) -> bytes:
    import olefile  # oletools' dependency ([test] extra)

    with olefile.OleFileIO(io.BytesIO(vba_project)) as ole:
        return decompress(ole.openstream("VBA/dir").read())


def references(vba_project: bytes) -> list[tuple]:
    """``(name, kind, detail...)`` of each reference, in project order.

    kind "project": (name, "project", libid_absolute, libid_relative, major, minor);
    kind "registered": (name, "registered", libid).
    """
    data, pos, name, out = dir_stream(vba_project), 0, None, []
    while pos + 6 <= len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        body = data[pos + 6 : pos + 6 + size]
        pos += 6 + (6 if rid == 0x0009 else size)
        if rid == 0x0016:
            name = body.decode("cp1252")
        elif rid == 0x000D:
            (n,) = struct.unpack_from("<I", body)
            out.append((name, "registered", body[4 : 4 + n].decode("cp1252")))
        elif rid == 0x000E:
            (n,) = struct.unpack_from("<I", body)
            absolute = body[4 : 4 + n].decode("cp1252")
            (m,) = struct.unpack_from("<I", body, 4 + n)
            relative = body[8 + n : 8 + n + m].decode("cp1252")
            major, minor = struct.unpack_from("<IH", body, 8 + n + m)
            out.append((name, "project", absolute, relative, major, minor))
        elif rid in (0x002F, 0x0033):
            out.append((name, "control" if rid == 0x002F else "original"))
        elif rid == 0x000F:  # PROJECTMODULES: the references are over
            break
    return out


def workbook_references(path) -> list[tuple]:
    with zipfile.ZipFile(path) as z:
        return references(z.read("xl/vbaProject.bin"))
