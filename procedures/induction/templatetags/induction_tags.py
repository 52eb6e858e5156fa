"""The "I have read and understood version X" panel at the end of a document."""

from django import template

from .. import reading

register = template.Library()


@register.inclusion_tag("induction/includes/acknowledge.html", takes_context=True)
def acknowledgement_panel(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    state = None
    # Previews and old revisions are not the published document: nothing to acknowledge.
    if user is not None and getattr(request, "is_preview", False) is False:
        state = reading.state_for(user, page)
    return {
        "state": state,
        "page": page,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
