"""WAGTAIL_FINISH_WORKFLOW_ACTION. Kept apart from `approval.py` because Wagtail imports it
while its own models are still loading."""


def publish_approved_revision(workflow_state, user=None) -> None:
    """Publish the revision that was approved (not whatever the latest revision is), without
    requiring the final approver to hold publish permission: the workflow is the permission."""
    revision = workflow_state.current_task_state.revision
    revision.publish(user=user, skip_permission_checks=True)
