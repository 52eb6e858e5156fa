"""Record when people join groups, so group pathways fall due from the day someone joined."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import GroupMembership

User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="induction_group_membership")
def record_group_membership(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Keep `GroupMembership` in step with `User.groups`, whichever side changed it
    (`user.groups.add(group)` or `group.user_set.add(user)`)."""
    if action == "post_add" and pk_set:
        pairs = (
            [(pk, instance.pk) for pk in pk_set]
            if reverse
            else [(instance.pk, pk) for pk in pk_set]
        )
        existing = set(
            GroupMembership.objects.filter(
                **({"group_id": instance.pk} if reverse else {"user_id": instance.pk})
            ).values_list("user_id", "group_id")
        )
        GroupMembership.objects.bulk_create(
            [GroupMembership(user_id=u, group_id=g) for u, g in pairs if (u, g) not in existing],
            ignore_conflicts=True,
        )
    elif action == "post_remove" and pk_set:
        if reverse:
            GroupMembership.objects.filter(group_id=instance.pk, user_id__in=pk_set).delete()
        else:
            GroupMembership.objects.filter(user_id=instance.pk, group_id__in=pk_set).delete()
    elif action == "pre_clear":
        field = "group_id" if reverse else "user_id"
        GroupMembership.objects.filter(**{field: instance.pk}).delete()
