"""One place that decides which HTML may reach a reader.

Rich text can arrive from the editor, the Word importer, the API or a database restore, so
we clean it when it is rendered, not only when it is typed: scripts, event attributes and
`javascript:` (or any non-web) links never reach the page.
"""

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
    "i", "li", "ol", "p", "s", "span", "strong", "sub", "sup", "u", "ul", "del", "ins",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "dl", "dt", "dd", "hr", "img",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "span": {"id"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "img": {"src", "alt", "width", "height"},
    "p": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Return `html` with everything outside the library's allowlist removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
