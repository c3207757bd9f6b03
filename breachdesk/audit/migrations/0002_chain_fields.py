from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="address",
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name="address"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="previous hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                (
                    "seq",
                    models.PositiveBigIntegerField(default=0, verbose_name="last sequence number"),
                ),
                ("hash", models.CharField(max_length=64, verbose_name="last hash")),
            ],
            options={
                "verbose_name": "audit chain head",
                "verbose_name_plural": "audit chain head",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(id=1), name="audit_head_one_row")
                ],
            },
        ),
    ]
