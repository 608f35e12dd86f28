"""Pure KPI functions: arrays in, numbers out. No I/O, no Excel. (being written)"""

__all__: list[str] = []
