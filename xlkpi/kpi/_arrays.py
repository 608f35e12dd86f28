"""Arithmetic shared by the scalar KPI functions and the report's per-period computation.

The KPIs that count or sum rows (AOV, refund and return rates, device share, returning
visitors, repeat purchases, ...) are defined once, here and in their ``*_by`` function
of the family module, over row arrays and a grouping ``by = (group, n)``: ``group``
holds each row's group, 0 … n − 1 (the report period), or −1 to leave the row out.
The scalar function (``xlkpi.aov`` & co.) cleans the cells of one range and calls its
``*_by`` function with ``by=None`` (one group holding every row); the report calls the
same function once, with every row's period. Array in, array out (one value per
group), vectorised: no Python loop per group.

A group without rows (a zero denominator) is NaN, never 0 and never an error.
"""

from __future__ import annotations

import numpy as np

from xlkpi.kpi._numbers import finite

By = tuple[np.ndarray, int] | None  # (group of each row, -1 = left out; number of groups)


def ratios(numerator, denominator) -> np.ndarray:
    """Element-wise ``numerator / denominator``; NaN (never 0 or inf) where it is 0.

    The same IEEE division as :func:`xlkpi.kpi._input.ratio` on one pair of numbers.

    >>> ratios([1, 3], [4, 0]).tolist()
    [0.25, nan]
    """
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def groups(by: By, rows: int) -> tuple[np.ndarray, int]:
    """``by`` itself, or for ``None`` one group (0) holding each of ``rows`` rows."""
    if by is None:
        return np.zeros(rows, dtype=np.intp), 1
    group, n = by
    return np.asarray(group, dtype=np.intp), int(n)


def tally(by: By, weights=None, *, rows: int | None = None) -> np.ndarray:
    """Per group: the number of rows, or the sum of ``weights`` over them; shape ``(n,)``.

    >>> tally((np.array([0, 1, 1, -1]), 3)).tolist()
    [1.0, 2.0, 0.0]
    >>> tally(None, np.array([2.0, 3.0])).tolist()
    [5.0]
    """
    if by is None:  # one group: NumPy's pairwise sum, as a range's total always had
        rows = len(weights) if rows is None else rows
        return np.array([float(rows) if weights is None else float(np.sum(weights))])
    group, n = groups(by, 0)
    keep = group >= 0
    w = None if weights is None else np.asarray(weights, dtype=float)[keep]
    return np.bincount(group[keep], weights=w, minlength=n).astype(float)[:n]


def segment_shares(codes, segments: int, by: By = None, weights=None) -> np.ndarray:
    """``(segments, n)``: per group, the rows (or ``weights``) of each segment code / all rows.

    ``codes`` holds each row's segment (0 … segments − 1), or −1 for a row of no segment,
    which still counts in the denominator (a session with a blank device is a session).

    >>> segment_shares(np.array([0, 1, 0, -1]), 2).tolist()
    [[0.5], [0.25]]
    """
    codes = np.asarray(codes, dtype=np.intp)
    group, n = groups(by, len(codes))
    w = None if weights is None else np.asarray(weights, dtype=float)
    keep = (group >= 0) & (codes >= 0)
    flat = codes[keep] * n + group[keep]
    size = segments * n
    part = np.bincount(flat, weights=None if w is None else w[keep], minlength=size)
    whole = tally((group, n), w, rows=len(codes))
    return ratios(part[:size].reshape(segments, n), whole)


def share(hit, by: By = None, weights=None) -> np.ndarray:
    """Per group: the rows (or Σ ``weights``) where ``hit`` / all rows (Σ ``weights``).

    >>> share(np.array([True, False, True, True])).tolist()
    [0.75]
    >>> share(np.array([True, False]), weights=np.array([100.0, 300.0])).tolist()
    [0.25]
    """
    codes = np.where(np.asarray(hit, dtype=bool), 0, -1)
    return segment_shares(codes, 1, by, weights)[0]


def mean(values, by: By = None) -> np.ndarray:
    """Per group: Σ ``values`` / the number of rows.

    >>> mean(np.array([120.0, 80.0, 100.0])).tolist()
    [100.0]
    """
    return ratios(tally(by, values), tally(by, rows=len(values)))


BITMAP_CELLS = 32_000_000  # groups x ids up to this: a bitmap (32 MB), else np.unique


def distinct(codes, by: By = None, ids: int | None = None) -> np.ndarray:
    """Per group: how many distinct ids (codes 0 … ids − 1; −1 = blank, left out) its rows hold.

    A (group x id) bitmap when it has at most ``BITMAP_CELLS`` cells (10x faster than
    hashing a million pairs), else the distinct pairs.

    >>> distinct(np.array([0, 1, 0, -1]), (np.array([0, 0, 1, 1]), 2)).tolist()
    [2.0, 1.0]
    """
    codes, group, n = _kept(codes, by)
    ids = _ids(codes, ids)
    if n * ids <= BITMAP_CELLS:
        seen = np.zeros((n, ids), dtype=bool)
        seen[group, codes] = True
        return np.count_nonzero(seen, axis=1).astype(float)
    pairs = np.unique(group * ids + codes)
    return tally((pairs // ids, n))


def returning_share(codes, by: By = None, earlier=None, ids: int | None = None) -> np.ndarray:
    """Per group: ids that return / ids with a row in the group.

    ``codes`` holds each row's id code (−1 = blank, left out). An id returns in a group
    when it has ≥ 2 rows in it, or a row in an earlier group, or ``earlier[id]`` is True
    (a row before the first group): when one of its rows there is not its first row.

    >>> returning_share(np.array([0, 1, 0, 2])).tolist()  # id 0 of 3 ids
    [0.3333333333333333]
    >>> returning_share(np.array([0, 0, 1]), (np.array([0, 1, 1]), 2)).tolist()
    [0.0, 0.5]
    """
    codes, group, n = _kept(codes, by)
    ids = _ids(codes, ids)
    _, at_first, several = _firsts(codes, group, n, ids)
    again = ~at_first | several[codes]  # not the id's first row
    if earlier is not None:
        again |= np.asarray(earlier, dtype=bool)[codes]
    back = distinct(codes[again], (group[again], n), ids)
    return ratios(back, distinct(codes, (group, n), ids))


def repeat_share(codes, by: By = None) -> np.ndarray:
    """Per group: ids with ≥ 2 rows in the group or earlier ones / ids with ≥ 1.

    ``codes`` holds each row's id code (−1 = blank, left out).

    >>> repeat_share(np.array([0, 1, 0, 2, 2, 2])).tolist()  # ids 0 and 2 of 3
    [0.6666666666666666]
    >>> repeat_share(np.array([0, 1, 0]), (np.array([0, 0, 1]), 2)).tolist()
    [0.0, 0.5]
    """
    codes, group, n = _kept(codes, by)
    ids = _ids(codes, None)
    first, at_first, several = _firsts(codes, group, n, ids)
    later = np.full(ids, n, dtype=np.intp)  # each id's first group after its first group
    np.minimum.at(later, codes[~at_first], group[~at_first])
    second = np.where(several, first, later)  # the group of each id's second row (n: none)
    once = np.cumsum(tally((np.where(first < n, first, -1), n)))  # in this group or before
    twice = np.cumsum(tally((np.where(second < n, second, -1), n)))
    return ratios(twice, once)


def _kept(codes, by: By) -> tuple[np.ndarray, np.ndarray, int]:
    """The id codes and groups of the rows that count (group and code not −1), and n."""
    codes = np.asarray(codes, dtype=np.intp)
    group, n = groups(by, len(codes))
    keep = (group >= 0) & (codes >= 0)
    return codes[keep], group[keep], n


def _ids(codes: np.ndarray, ids: int | None) -> int:
    return (int(codes.max()) + 1 if codes.size else 0) if ids is None else ids


def _firsts(codes: np.ndarray, group: np.ndarray, n: int, ids: int):
    """Each id's first group (n when it has no row), which rows are in their id's first
    group, and which ids have ≥ 2 rows there. Linear time (no sort): a million rows of
    300,000 ids take about 15 ms."""
    first = np.full(ids, n, dtype=np.intp)
    np.minimum.at(first, codes, group)
    at_first = group == first[codes]
    several = np.bincount(codes[at_first], minlength=ids) >= 2
    return first, at_first, several


def single(values: np.ndarray) -> float:
    """The one value of a one-group result, as a Python float (the overflow rule applies).

    >>> single(np.array([0.25]))
    0.25
    """
    return finite(float(values[0]), "the result")
