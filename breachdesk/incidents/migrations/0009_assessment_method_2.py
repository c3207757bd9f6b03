"""The risk assessment's method 2 (docs/assessment.md): groups of people, mitigations, what an
outage stopped, whether a backup existed, theft apart from an attack, hashing apart from
encryption.

The assessments made so far keep their stored result and reasons and are marked as method 1's.
Their answers carry over: "a known and trusted recipient who confirmed deletion" becomes a known
recipient with those two mitigations; "restored from backups" becomes "a usable backup existed:
yes". The questions method 1 did not ask stay unanswered (a blank backup, no groups: the
columns for everyone affected are the one group)."""

from typing import Any

from django.db import migrations, models

_TRUSTED = ["deletion_confirmed", "trusted_recipient"]


def _method_2_answers(apps: Any, schema_editor: Any) -> None:
    assessments = apps.get_model("incidents", "RiskAssessment").objects
    assessments.filter(restored_from_backup=True).update(backup="yes")
    for assessment in assessments.filter(exposure="trusted_deleted"):
        assessment.exposure = "known"
        assessment.mitigations = sorted({*assessment.mitigations, *_TRUSTED})
        assessment.save(update_fields=["exposure", "mitigations"])


def _method_1_answers(apps: Any, schema_editor: Any) -> None:
    # Going back, what method 1 cannot say is dropped: groups, mitigations, the outage's effects.
    assessments = apps.get_model("incidents", "RiskAssessment").objects
    assessments.filter(backup="yes").update(restored_from_backup=True)
    for assessment in assessments.filter(exposure="known"):
        if set(_TRUSTED) <= set(assessment.mitigations):
            assessment.exposure = "trusted_deleted"
            assessment.save(update_fields=["exposure"])


class Migration(migrations.Migration):
    dependencies = [("incidents", "0008_assessment_answers_not_known_yet")]

    operations = [
        migrations.AddField(
            model_name='riskassessment',
            name='backup',
            field=models.CharField(blank=True, choices=[('yes', 'yes'), ('no', 'no'), ('unknown', 'not known yet')], max_length=8, verbose_name='a usable backup existed'),
        ),
        migrations.AddField(
            model_name='riskassessment',
            name='groups',
            field=models.JSONField(default=list, verbose_name='groups of people'),
        ),
        # The assessments made so far are method 1's; from now on the default is method 2.
        migrations.AddField(
            model_name='riskassessment',
            name='method_version',
            field=models.CharField(default='1', editable=False, max_length=4, verbose_name='method version'),
        ),
        migrations.AlterField(
            model_name='riskassessment',
            name='method_version',
            field=models.CharField(default='2', editable=False, max_length=4, verbose_name='method version'),
        ),
        migrations.AddField(
            model_name='riskassessment',
            name='mitigations',
            field=models.JSONField(default=list, verbose_name='mitigations'),
        ),
        migrations.AddField(
            model_name='riskassessment',
            name='stopped',
            field=models.JSONField(default=list, verbose_name='what the outage stopped'),
        ),
        migrations.AlterField(
            model_name='riskassessment',
            name='availability',
            field=models.CharField(choices=[('none', 'no loss of availability'), ('temporary', 'temporarily unavailable'), ('permanent', 'permanently lost'), ('unknown', 'cannot be established')], max_length=16, verbose_name='loss of availability'),
        ),
        migrations.AlterField(
            model_name='riskassessment',
            name='encryption',
            field=models.CharField(choices=[('intact', 'encrypted, and the key was not compromised'), ('hashed_salted', 'only the passwords were protected: salted with a slow hash (bcrypt, Argon2, PBKDF2)'), ('hashed_weak', 'only the passwords were protected: unsalted or with a fast hash (MD5, SHA-1)'), ('compromised', 'encrypted, but the key or the protection may be compromised'), ('none', 'not encrypted'), ('unknown', 'not known yet')], max_length=16, verbose_name='encryption'),
        ),
        migrations.AlterField(
            model_name='riskassessment',
            name='exposure',
            field=models.CharField(choices=[('none', 'no loss of confidentiality'), ('no_evidence', 'exposed, but no sign that anyone has read it (for example a lost device)'), ('known', 'a known or limited number of recipients'), ('wide', 'an unknown number of recipients, or published'), ('unknown', 'cannot be established (for example whether data was copied)')], max_length=16, verbose_name='how far the data was exposed'),
        ),
        migrations.AlterField(
            model_name='riskassessment',
            name='integrity',
            field=models.CharField(choices=[('none', 'no loss of integrity'), ('recoverable', 'data altered, but the correct data can be restored'), ('irrecoverable', 'data altered and cannot be restored'), ('unknown', 'cannot be established')], max_length=16, verbose_name='loss of integrity'),
        ),
        migrations.AlterField(
            model_name='riskassessment',
            name='malicious',
            field=models.CharField(choices=[('no', 'no: an accident or a mistake'), ('theft', 'theft of a device or papers, not aimed at the data'), ('yes', 'yes: an attack, a misuse or someone after the data'), ('unknown', 'not known yet')], max_length=8, verbose_name='intent'),
        ),
        migrations.RunPython(_method_2_answers, _method_1_answers),
        migrations.RemoveField(model_name='riskassessment', name='restored_from_backup'),
    ]
