from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_backfill")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="sequence number"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["controller", "seq"], name="audit_controller_seq"),
        ),
    ]
