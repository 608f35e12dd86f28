"""Element-wise arithmetic shared by the scalar KPI functions and the report's per-period
(vectorised) computation, so that both apply one definition."""

from __future__ import annotations

import numpy as np


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
