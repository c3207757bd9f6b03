"""The risk assessment as pure arithmetic (method 2, docs/assessment.md).

Nothing here touches the database. `explain.risk_assess()` takes what the coordinator filled in
(`RiskInputs`, one or more groups of people) and returns the result of `assess.evaluate()` —
for each group the likelihood and the severity of the consequences, the risk to the people's
rights and freedoms (no risk / risk / high risk, EDPB Guidelines 9/2022 and 01/2021) and the
recommendation — with its reasons, stored as codes and parameters and shown in the reader's
language.

`inputs` holds what the coordinator fills in, `scales` what the assessment reports on, `enisa`
the ENISA 2013 severity of a group, `assess` the assessment, `explain` and `reasons` the
reasons, `legacy` the texts of method 1's stored reasons.
"""
