"""Breachdesk: handling of personal data incidents for Swedish public bodies."""
