"""The audit trail's pages (*Granskningslogg*): DPOs and administrators read and export the
events of their controllers, and of one case.

`breachdesk.audit` records the events and keeps their chain; it sits low, below every app that
writes events. Reading the trail needs the organisation's scope and the cases' own labels, so
these pages sit above `breachdesk.incidents` (see docs/architecture.md).
"""
