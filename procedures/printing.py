"""Printed documents: every printed page carries the protective marking, the reference and
version, "Page N of M" and the note that printed copies are uncontrolled, with the date
printed.

They go in the page margins with CSS paged media (`@page` margin boxes, which Chromium and
the other current browsers print), so they can never sit on top of the text. Margin boxes
only take text from CSS, so each document gets a small stylesheet of its own, served from
the document's URL (and so refused, with a 404, to anyone not cleared for it)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from . import access
from .models import DocumentPage, ProtectiveMarking
from .versioning import version_as_page, version_for

# Lowest to highest: a page that mixes two versions prints under the higher marking.
MARKING_ORDER: list[str] = [ProtectiveMarking.OFFICIAL, ProtectiveMarking.OFFICIAL_SENSITIVE]

UNCONTROLLED = (
    "Printed copies are uncontrolled: check the Joint Procedures Library for the current version."
)


def css_string(text: str) -> str:
    """`text` as a CSS string literal: anything but plain letters, digits and spaces escaped,
    so nothing in a title or reference can end the string or the rule."""
    out = []
    for char in text:
        if char.isalnum() and char.isascii() or char in " .,:()-":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return f'"{"".join(out)}"'


def print_stylesheet(marking: str, reference: str, version: str, printed_on: str) -> str:
    marking_css = css_string(marking)
    return f"""/* Running heads and feet for printing {reference}. */
@page {{
  size: A4;
  margin: 22mm 16mm 24mm;
  @top-left {{ content: {marking_css}; }}
  @top-right {{ content: {css_string(f"{reference} version {version}")}; }}
  @bottom-left {{ content: {marking_css}; }}
  @bottom-center {{ content: {css_string(f"Printed {printed_on}. {UNCONTROLLED}")}; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); }}
}}
"""


def print_css(request: HttpRequest, page: DocumentPage) -> HttpResponse:
    """The document's print stylesheet; `?v=3.0` for an earlier version as shown on its own
    page or as at a date: printed under the higher of its marking and the current one, and
    refused to anyone not cleared for it."""
    marking = page.protective_marking
    label = page.version_label
    if request.GET.get("v"):
        version = version_for(page, request.GET["v"])
        if version is None:
            raise Http404
        label = version.label
        obj = version_as_page(version)
        if obj is not None:
            if not access.is_cleared_for(request.user, obj):
                raise Http404
            marking = max(marking, obj.protective_marking, key=MARKING_ORDER.index)
    printed_on = date_format(timezone.localdate(), "j F Y")
    response = HttpResponse(
        print_stylesheet(ProtectiveMarking(marking).label, page.reference, label, printed_on),
        content_type="text/css; charset=utf-8",
    )
    # The print date changes daily and the marking may change: never reuse an old copy.
    response["Cache-Control"] = "private, no-cache"
    return response
