"""The chains' constraints, once 0007 has re-chained: `seq` unique per chain, each event in its
controller's chain, and on PostgreSQL the head trigger again, now per chain.

A head row is made at seq 0 with its chain's first event and then only moves one event
forward; it is never deleted and never changes its chain. So a head's seq is the number of
events ever written to its chain, whoever has INSERT and UPDATE on the table.
"""

from typing import Any

import django.db.models.functions.comparison
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.seq <> 0 THEN
            RAISE EXCEPTION 'an audit chain head starts at seq 0: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF TG_OP = 'DELETE' OR NEW.chain <> OLD.chain OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION 'the audit chain head only moves one event forward: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_forward_only
    BEFORE INSERT OR UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_head_forward_only();
"""


def _on_postgresql(sql: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_rechain_per_controller")]

    operations = [
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="audit_chain_seq"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    chain=django.db.models.functions.comparison.Coalesce(
                        "controller", models.Value(0), output_field=models.BigIntegerField()
                    )
                ),
                name="audit_chain_is_controller",
            ),
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
