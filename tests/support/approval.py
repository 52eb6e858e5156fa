"""Driving the approval workflow from tests, the way the admin's buttons do."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from wagtail import blocks
from wagtail.models import Revision, TaskState

from procedures.models import DocumentPage


def submit(page: DocumentPage, author, kind: str = "minor", summary: str = "Tidied wording.",
           edit=None):  # fmt: skip
    """The author edits the latest draft, says what kind of change it is and submits it."""
    draft = page.get_latest_revision_as_object()
    draft.change_kind = kind
    draft.change_summary = summary
    if edit is not None:
        edit(draft)
    draft.save_revision(user=author)
    workflow = page.get_workflow()
    return workflow.start(page, author)


def current_task_state(page: DocumentPage) -> TaskState | None:
    return (
        TaskState.objects.filter(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
        )
        .order_by("-pk")
        .first()
    )


def act(page: DocumentPage, user, action: str = "approve", comment: str = ""):
    """`user` presses approve (or request changes) on the step the document is at."""
    task_state = current_task_state(page)
    assert task_state is not None, "nothing is awaiting a decision"
    kwargs = {"comment": comment} if comment or action == "reject" else {}
    return task_state.task.specific.on_action(task_state, user, action, **kwargs)


def actions_for(page: DocumentPage, user) -> list[str]:
    task_state = current_task_state(page)
    if task_state is None:
        return []
    return [name for name, *_ in task_state.task.specific.get_actions(page, user)]


def fresh(page: DocumentPage) -> DocumentPage:
    return DocumentPage.objects.get(pk=page.pk)


def revisions_of(page: DocumentPage) -> list[Revision]:
    return list(Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk"))


# -- the page editor -----------------------------------------------------------------------
# Approving from the editor is not the same as approving from the dashboard: Wagtail's edit
# view binds the whole editor form, saves a new revision by the approver if the form "has
# changed", and only then performs the workflow action. These helpers post exactly what a
# browser posts, so the tests see what the edit view really does.


def _stream_data(prefix: str, block_def, state, data: dict) -> None:
    """The form fields Wagtail's StreamField JavaScript creates for a block's form state."""
    if isinstance(block_def, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state))
        for i, child in enumerate(state):
            data[f"{prefix}-{i}-type"] = child["type"]
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = child.get("id") or ""
            child_def = block_def.child_blocks[child["type"]]
            _stream_data(f"{prefix}-{i}-value", child_def, child["value"], data)
    elif isinstance(block_def, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state))
        for i, child in enumerate(state):
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = child.get("id") or ""
            _stream_data(f"{prefix}-{i}-value", block_def.child_block, child["value"], data)
    elif isinstance(block_def, blocks.StructBlock):
        for name, child_def in block_def.child_blocks.items():
            _stream_data(f"{prefix}-{name}", child_def, state.get(name), data)
    elif isinstance(block_def, blocks.ChooserBlock):
        data[prefix] = str(state["id"]) if state else ""
    elif isinstance(state, dict):  # e.g. a table, posted as JSON
        data[prefix] = json.dumps(state)
    elif isinstance(state, list):  # a select
        data[prefix] = [str(v) for v in state]
    else:
        data[prefix] = "" if state is None else str(state)


def editor_form_data(html: str, page: DocumentPage) -> dict:
    """What a browser submits from the rendered editor form (`form#page-edit-form`), with
    the StreamField's fields as its JavaScript builds them from the rendered form state."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("form#page-edit-form")
    assert form is not None, "no editor form in the response"
    data: dict = {}

    def add(name, value):
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value

    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled") or element.find_parent("template"):
            continue
        if element.name == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            add(name, element.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif element.name == "textarea":
            text = element.text
            add(name, text[1:] if text.startswith("\n") else text)
        else:
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not element.has_attr("multiple"):
                chosen = options[:1]
            for option in chosen:
                add(name, option.get("value", option.text))

    body = form.select_one("[data-w-block-arguments-value]")
    if body is not None:
        value_state = json.loads(body["data-w-block-arguments-value"])[0]
        stream_block = type(page).body.field.stream_block
        _stream_data("body", stream_block, value_state, data)
    return data


def act_in_editor(client, page: DocumentPage, action: str = "approve", comment: str = "",
                  edit=None):  # fmt: skip
    """Open the editor and press a workflow action in its footer, as a browser does: the
    whole form is posted with `action-workflow-action` and `workflow-action-name` (and, for
    "... with comment", the modal's data as `workflow-action-extra-data`). `edit(data)` may
    change the posted form first, as an approver typing in the editor would."""
    url = f"/admin/pages/{page.pk}/edit/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = editor_form_data(response.content.decode(), page)
    if edit is not None:
        edit(data)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = action
    if comment or action == "reject":
        data["workflow-action-extra-data"] = json.dumps({"comment": comment})
    return client.post(url, data)
