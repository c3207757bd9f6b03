"""The one harness of the concurrency tests: threads released together."""

import threading
from collections.abc import Callable

from django.db import connections


def at_the_same_moment(action: Callable[[int], object], count: int) -> list[BaseException]:
    """Run `action(number)` in `count` threads (numbered from 0), each with its own database
    connections, released together by a barrier; return what they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            action(number)
        except BaseException as error:  # the caller asserts there is none
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors
