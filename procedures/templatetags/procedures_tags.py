from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText, expand_db_html

from procedures.sanitize import clean_html
from procedures.tables import render_table

register = template.Library()


@register.filter
def safe_richtext(value) -> str:
    """Like Wagtail's `richtext` filter, but the output is always sanitised."""
    if value is None:
        return ""
    source = value.source if isinstance(value, RichText) else str(value)
    return mark_safe(clean_html(expand_db_html(source)))  # noqa: S308 - cleaned above


@register.simple_tag
def library_table(value, label: str = ""):
    """A table block's table (Wagtail's TableBlock data, merged cells included)."""
    return render_table(value, label)


@register.filter
def without_full_stop(value) -> str:
    """Text with any closing full stops taken off, for a sentence the template ends itself."""
    return str(value or "").rstrip().rstrip(".").rstrip()
