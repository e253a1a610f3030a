"""The API's production server: bjoern in pre-forked worker processes (`manage.py serve_api`).

Why bjoern for the API. The alert look-up's own work is about 60 µs of CPU per request
(`alerts/hotpath.py`) and PostgreSQL's about as much again, so the server's share decides
whether the API keeps up with the database. Measured on the same 2 cores with 50 keep-alive
connections (`bench/alert_lookup.py`, the real look-up on the bench data):
- granian (2 workers, 1 blocking thread each): about 10,000 look-ups/s. Its Rust runtime
  hands every request to a Python thread and back: about 110 µs of worker CPU per request
  even for a callable that makes one `SELECT 1`;
- bjoern (2 processes): 15,000 to 21,000 look-ups/s. It parses HTTP in C and calls the
  application in the same thread, with no hand-over.
A bjoern process runs one request at a time, so a slow request holds up the other
connections on that process. That suits the look-up (one statement). Pages that draw PDFs
stay on gunicorn, and a bulk batch (seconds for 50,000 rows) belongs on a second `serve_api`
pool, so that no look-up waits behind one: the reverse proxy in front routes `/api/v1/alerts/`
to one pool, the rest of `/api/` to the other and everything else to gunicorn.

The parent loads the application once (so workers share its memory), then forks the workers;
each opens its own database connections on first use, never the parent's. A worker that dies
is replaced; SIGTERM or SIGINT stops them all. Workers that keep dying as they start (a broken
deployment, say) stop the server rather than being restarted forever.
"""

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

# A worker that dies sooner than this after starting counts as failing to start.
START_GRACE_SECONDS = 2.0
MAX_QUICK_DEATHS = 5

Application = Callable[..., Any]


def serve(application: Application, *, host: str, port: int, workers: int) -> int:
    """Serve until told to stop; returns the exit status."""
    import bjoern

    # Bound once here, inherited by every worker: they take turns accepting on one socket.
    # (A socket per worker with SO_REUSEPORT measured no better.)
    bjoern.listen(application, host, port)
    children: dict[int, float] = {}
    stopping = False
    quick_deaths = 0

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            status = 0
            try:
                bjoern.run()
            except BaseException:  # noqa: BLE001 (reported, then the worker exits)
                import traceback

                traceback.print_exc()
                status = 1
            finally:
                os._exit(status)
        children[pid] = time.monotonic()

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        spawn()
    print(f"Serving on http://{host}:{port} with {workers} workers", file=sys.stderr, flush=True)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        started = children.pop(pid, None)
        if stopping or started is None:
            continue
        if time.monotonic() - started < START_GRACE_SECONDS:
            quick_deaths += 1
        code = os.waitstatus_to_exitcode(status)
        print(f"Worker {pid} stopped ({code}); starting another", file=sys.stderr, flush=True)
        if quick_deaths >= MAX_QUICK_DEATHS:
            print("Workers keep dying as they start; stopping", file=sys.stderr, flush=True)
            stop(signal.SIGTERM, None)
            stopping = True
            continue
        spawn()
    return 0 if stopping and not quick_deaths >= MAX_QUICK_DEATHS else 1
