from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo world (`breachdesk demo`). It has no models and sits above every
    other app: it builds its world through their services."""

    name = "breachdesk.demo"
    verbose_name = "Demo"
