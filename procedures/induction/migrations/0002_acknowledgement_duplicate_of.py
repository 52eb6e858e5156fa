"""Acknowledgements become unique per person, document and major version (migration 0003).

Before that rule, a double submit could record one "I have read" act twice, milliseconds
apart. Acknowledgements are evidence and are never deleted, so this migration keeps every row
and marks each later row of a (person, document, major version) as a duplicate of the
earliest one (by time, then id), which is the row that stands for the act in reports and
evidence. Rows whose document was deleted (document is null) are left alone.

The constraint is added in the next migration, not here: on PostgreSQL a table with pending
deferred foreign-key checks (the updates below) cannot be altered in the same transaction.
"""

from django.db import migrations, models
import django.db.models.deletion


def mark_duplicates(apps, schema_editor):
    Acknowledgement = apps.get_model("induction", "Acknowledgement")
    first: dict[tuple[int, int, int], int] = {}
    rows = (
        Acknowledgement.objects.filter(document__isnull=False, duplicate_of__isnull=True)
        .order_by("user_id", "document_id", "version_major", "acknowledged_at", "pk")
        .values_list("pk", "user_id", "document_id", "version_major")
    )
    for pk, user_id, document_id, major in rows.iterator():
        key = (user_id, document_id, major)
        if key in first:
            Acknowledgement.objects.filter(pk=pk).update(duplicate_of_id=first[key])
        else:
            first[key] = pk


class Migration(migrations.Migration):
    dependencies = [("induction", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="acknowledgement",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Set only on rows recorded twice for one act before acknowledgements "
                "were unique: the earliest row, which stands for the act.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="induction.acknowledgement",
            ),
        ),
        migrations.RunPython(mark_duplicates, migrations.RunPython.noop),
    ]
