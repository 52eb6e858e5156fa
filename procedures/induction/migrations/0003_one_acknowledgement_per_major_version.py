from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("induction", "0002_acknowledgement_duplicate_of")]

    operations = [
        migrations.AddConstraint(
            model_name="acknowledgement",
            constraint=models.UniqueConstraint(
                condition=models.Q(duplicate_of__isnull=True),
                fields=("user", "document", "version_major"),
                name="one_acknowledgement_per_major_version",
            ),
        ),
    ]
