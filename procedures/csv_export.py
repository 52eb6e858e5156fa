"""The one way the library writes a CSV download: every cell neutralised against
spreadsheet formulas, the whole file written to memory and encoded once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

#: Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralise(value) -> str:
    """`value` as cell text, with a leading apostrophe if it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV attachment named `filename`: `header`, then `rows`, every cell neutralised."""
    # Written to memory and encoded once: writing each row to the response encoded it row by
    # row (1.2 s of a 200,000-row report).
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
