"""The risk assessment as pure arithmetic: ENISA 2013 severity, the risk level, a recommendation.

Nothing here touches the database. `assess.risk_assess()` takes what the coordinator filled in
(`RiskInputs`) and returns the severity score SE = DPC × EI + CB with its band, the risk to the
people's rights and freedoms (no risk / risk / high risk, EDPB Guidelines 9/2022 and the worked
examples of EDPB Guidelines 01/2021) and a recommendation, each step with a reason that is
stored as a code and parameters and shown in the reader's language. docs/assessment.md explains
the method and every rule.

`inputs` holds what the coordinator fills in, `scales` what the assessment reports on, `enisa`
the severity, `reasons` the stored reasons and their texts, `assess` the assessment itself.
"""
