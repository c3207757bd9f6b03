#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import sys

from breachdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
