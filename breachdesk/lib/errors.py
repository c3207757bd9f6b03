"""The one error a service raises when what it was asked cannot be done, for the user to read.

Views catch `DomainError` around a service call and show its message above the form, keeping
everything the person typed. Subclasses say why in the type (`TransitionRefused`: the workflow's
tables do not allow the step now); the message is always written for the user.
"""


class DomainError(Exception):
    """A request a service refuses; `str(error)` is the message for the user."""
