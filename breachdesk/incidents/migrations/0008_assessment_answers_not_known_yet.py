"""The risk assessment's answers may be "not known yet": what the data reveals, how easily the
people can be identified, and whether children or other vulnerable people are affected, which
becomes a yes / no / not known yet answer (a stored true is "yes", false "no")."""

from typing import Any

from django.db import migrations, models

_TRI_STATE = [("yes", "yes"), ("no", "no"), ("unknown", "not known yet")]


def _answers_from_flags(apps: Any, schema_editor: Any) -> None:
    assessments = apps.get_model("incidents", "RiskAssessment").objects
    assessments.filter(vulnerable_people=True).update(vulnerable_answer="yes")
    assessments.filter(vulnerable_people=False).update(vulnerable_answer="no")


def _flags_from_answers(apps: Any, schema_editor: Any) -> None:
    # Going back, an answer not known yet is kept as the more serious one: affected.
    assessments = apps.get_model("incidents", "RiskAssessment").objects
    assessments.filter(vulnerable_answer="no").update(vulnerable_people=False)
    assessments.exclude(vulnerable_answer="no").update(vulnerable_people=True)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_search_document")]

    operations = [
        migrations.AlterField(
            model_name="riskassessment",
            name="vulnerable_people",
            field=models.BooleanField(
                default=False, verbose_name="children or other vulnerable people"
            ),
        ),
        migrations.AddField(
            model_name="riskassessment",
            name="vulnerable_answer",
            field=models.CharField(
                choices=_TRI_STATE,
                default="unknown",
                max_length=8,
                verbose_name="children or other vulnerable people",
            ),
        ),
        migrations.RunPython(_answers_from_flags, _flags_from_answers),
        migrations.RemoveField(model_name="riskassessment", name="vulnerable_people"),
        migrations.RenameField(
            model_name="riskassessment", old_name="vulnerable_answer", new_name="vulnerable_people"
        ),
        migrations.AlterField(
            model_name="riskassessment",
            name="vulnerable_people",
            field=models.CharField(
                choices=_TRI_STATE, max_length=8, verbose_name="children or other vulnerable people"
            ),
        ),
        migrations.AlterField(
            model_name="riskassessment",
            name="identification",
            field=models.CharField(
                choices=[
                    ("negligible", "negligible: practically impossible to identify the people"),
                    ("limited", "limited: possible, but difficult"),
                    ("significant", "significant: reasonably easy"),
                    ("maximum", "maximum: the data identifies the people directly"),
                    ("unknown", "not known yet"),
                ],
                max_length=12,
                verbose_name="how easily the people can be identified",
            ),
        ),
        migrations.AlterField(
            model_name="riskassessment",
            name="insight",
            field=models.CharField(
                choices=[
                    (
                        "none",
                        "none: already public, outdated, or says nothing real about the person",
                    ),
                    ("limited", "limited: only general assumptions can be drawn"),
                    ("usual", "as one would expect of this kind of data"),
                    (
                        "extensive",
                        "extensive: the volume or the context allows a profile of the person",
                    ),
                    ("unknown", "not known yet"),
                ],
                max_length=12,
                verbose_name="what the data reveals",
            ),
        ),
    ]
