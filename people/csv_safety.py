"""Cells that a spreadsheet would run as a formula are made plain text before export.

OWASP, CSV injection: a cell beginning with =, +, -, @, tab or carriage return can be run as
a formula when the file is opened in a spreadsheet, so such a cell is prefixed with a single
quote, which the spreadsheet shows as text and does not display.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
