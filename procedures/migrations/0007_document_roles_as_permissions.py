# Roles are checked by permission, no longer by group name: the groups that held the roles
# by name are given the permissions here, so an install keeps working before anyone runs
# `manage.py setup_roles` again.

from django.db import migrations

ROLE_PERMISSIONS = [
    (
        "coordinate_documents",
        "Can coordinate every document's review and life cycle",
        ["Policy coordinator"],
    ),
    (
        "review_documents",
        "Can review the documents they own",
        ["Policy coordinator", "Policy owners"],
    ),
]


def grant_to_role_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="procedures", model="documentpage"
    )
    for codename, name, group_names in ROLE_PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        for group in Group.objects.filter(name__in=group_names):
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("procedures", "0006_document_search_facts_index"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="documentpage",
            options={
                "permissions": [
                    (
                        "coordinate_documents",
                        "Can coordinate every document's review and life cycle",
                    ),
                    ("review_documents", "Can review the documents they own"),
                ],
                "verbose_name": "document",
            },
        ),
        migrations.RunPython(grant_to_role_groups, migrations.RunPython.noop),
    ]
