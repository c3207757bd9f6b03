"""The privacy guard: finds personal data, sensitive facts and details of security weaknesses in a
text before it goes out (a report to the registrar, a document for IMY, a committee report), and
masks what its user chooses. It depends only on ``breachdesk.lib``, Django and third-party
libraries; the users of the guard (incidents, documents) say which of their texts it reads.
See docs/privacy-guard.md.
"""
