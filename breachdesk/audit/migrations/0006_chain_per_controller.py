"""One chain per controller instead of one for the installation: the columns.

The head table's key becomes the chain (the controller's key, or 0 for events of no
controller); events get their chain, and `seq` stops being unique across the installation
(0008 makes it unique per chain, once 0007 has re-chained the events). The head's trigger
of 0005 names the old key column, so it is dropped here and made again by 0008.
"""

from typing import Any

from django.db import migrations, models

DROP_HEAD_TRIGGER = """
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_head_forward_only();
"""

# 0005's trigger, for going back.
CREATE_HEAD_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION 'the audit chain head only moves one event forward: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_forward_only
    BEFORE UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
"""


def _on_postgresql(sql: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_append_only")]

    operations = [
        migrations.RunPython(
            _on_postgresql(DROP_HEAD_TRIGGER), _on_postgresql(CREATE_HEAD_TRIGGER)
        ),
        migrations.RemoveConstraint(model_name="auditchainhead", name="audit_head_one_row"),
        migrations.RenameField(model_name="auditchainhead", old_name="id", new_name="chain"),
        migrations.AlterField(
            model_name="auditchainhead",
            name="chain",
            field=models.PositiveBigIntegerField(
                primary_key=True, serialize=False, verbose_name="chain"
            ),
        ),
        migrations.AlterModelOptions(
            name="auditchainhead",
            options={
                "verbose_name": "audit chain head",
                "verbose_name_plural": "audit chain heads",
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveBigIntegerField(default=0, verbose_name="chain"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(verbose_name="sequence number"),
        ),
        migrations.RemoveIndex(model_name="auditevent", name="audit_controller_seq"),
    ]
