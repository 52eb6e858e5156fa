"""The audit trail in words: who did what, to which revision or version, for which service,
when, with which comment.

- `stamp_actor` (a `pre_save` receiver on Wagtail's `PageLogEntry`) stores the acting
  person's name in the entry as it is at that moment, so renaming an account later does not
  rewrite history.
- `library_formatter` and `wrapped_formatter` make the messages that Wagtail's admin History,
  Reports > Site history and its CSV/XLSX export show, and the library's own CSV
  (`audit_row`) uses the same words.
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.log_actions import LogFormatter

from .people import display_name

SERVICE_LABELS = {"police": "police", "fire": "fire and rescue"}


def stamp_actor(sender, instance, raw=False, **kwargs) -> None:
    """Keep the name of whoever acted, as it is now, in the entry's data."""
    if raw or instance.pk or not instance.user_id:
        return
    data = dict(instance.data or {})
    data.setdefault("actor", display_name(instance.user))
    instance.data = data


def actor(log_entry) -> str:
    data = log_entry.data or {}
    if data.get("actor"):
        return data["actor"]
    return display_name(log_entry.user) if log_entry.user_id else "the system"


def comment_of(log_entry) -> str:
    comment = (log_entry.data or {}).get("comment")
    return comment.strip() if isinstance(comment, str) else ""


def _details(log_entry) -> str:
    parts = [f"by {actor(log_entry)}"]
    if log_entry.revision_id:
        parts.append(f"revision {log_entry.revision_id}")
    text = "; ".join(parts)
    comment = comment_of(log_entry)
    if comment:
        text += f'. Comment: "{comment}"'
    return text


class _Data(dict):
    def __missing__(self, key):
        return "(not recorded)"


def library_formatter(label: str, template: str) -> type[LogFormatter]:
    class LibraryFormatter(LogFormatter):
        def format_message(self, log_entry):
            data = _Data(log_entry.data or {})
            data.setdefault("service_label", SERVICE_LABELS.get(data.get("service"), "?"))
            message = template.format_map(data)
            if log_entry.action == "procedures.version":
                if data.get("summary") != "(not recorded)":
                    message += f": {data['summary']}"
                approvers = (log_entry.data or {}).get("approvers")
                message += f". Approved by {', '.join(approvers)}" if approvers else ""
                if (log_entry.data or {}).get("without_sign_off"):
                    message += ". PUBLISHED WITHOUT SIGN-OFF"
            if log_entry.action == "procedures.review" and data.get("notes"):
                message += f' ("{data["notes"]}"); next review {data["next_review_date"]}'
            return f"{message}, {_details(log_entry)}"

    LibraryFormatter.label = label
    return LibraryFormatter


def wrapped_formatter(base: type[LogFormatter]) -> type[LogFormatter]:
    """Wagtail's formatter for one of its own actions, plus by whom, revision and comment."""

    class WrappedFormatter(base):
        def format_message(self, log_entry):
            return f"{super().format_message(log_entry)}, {_details(log_entry)}"

    return WrappedFormatter


def audit_row(entry) -> dict[str, str]:
    """One log entry as the library's history CSV writes it."""
    data = entry.data or {}
    return {
        "timestamp": timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
        "document": entry.label,
        "action": str(entry.formatter.label) if entry.formatter else entry.action,
        "person": actor(entry),
        "revision": str(entry.revision_id or ""),
        "version": str(data.get("version") or ""),
        "service": SERVICE_LABELS.get(data.get("service") or "", ""),
        "comment": comment_of(entry),
        "details": str(entry.message),
    }
