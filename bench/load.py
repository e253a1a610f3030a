"""Stepped load test: gunicorn serving the app, locust playing signed-in colleagues.

    make load            # or: .venv/bin/python bench/load.py
    LOAD_STEPS=5,10,20 LOAD_SECONDS=30 DATABASE_URL=postgres://…/safecontact_bench make load

Against the seeded benchmark database (bench/README.md; default safecontact_bench, 200,000
people): migrate, make sessions and sample ids (bench/load_setup.py), start gunicorn, run
locust headless for LOAD_SECONDS at each user count in LOAD_STEPS, stop gunicorn, and print
requests/s, p50, p95, p99 and failures per step, then the highest sustained rate with p95
under 300 ms and where it breaks.

gunicorn runs in development mode with DEBUG=false and ALLOWED_HOSTS=127.0.0.1: the same
code path as production (DJANGO_ENV=production only adds HTTPS redirects, secure cookies and
HSTS, which a plain-HTTP run on 127.0.0.1 cannot satisfy). locust runs from its own venv,
.venv-load, so gevent never enters the app's. Client, server and PostgreSQL share the
machine's cores, so the figures are a floor for a dedicated server.
"""

import csv
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "load"
PORT = int(os.environ.get("LOAD_PORT", "8123"))
HOST = f"http://127.0.0.1:{PORT}"
STEPS = [int(n) for n in os.environ.get("LOAD_STEPS", "5,10,20,40,80").split(",")]
SECONDS = int(os.environ.get("LOAD_SECONDS", "30"))
P95_LIMIT_MS = 300
PAGES = ["search", "person", "case", "report form", "report (POST)"]

ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/safecontact_bench"
    ),
    "DJANGO_ENV": "development",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
    # Static files are not collected and locust fetches none; whitenoise need not say so.
    "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    "LOAD_SESSIONS": str(max(STEPS)),
    "LOAD_DIR": str(OUT),
}

# The machine has 2 cores: 2 worker processes use both for Python, and 4 threads each keep
# them busy while a request waits on PostgreSQL (I/O, so the GIL is released).
GUNICORN = [
    str(ROOT / ".venv/bin/gunicorn"),
    "config.wsgi",
    "--workers=2",
    "--threads=4",
    f"--bind=127.0.0.1:{PORT}",
    f"--error-logfile={OUT / 'gunicorn.log'}",
]


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, env=ENV, check=True)


def wait_until_up(server: subprocess.Popen[bytes]) -> None:
    for _ in range(60):
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}); see {OUT / 'gunicorn.log'}")
        try:
            urllib.request.urlopen(f"{HOST}/health/", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    sys.exit("gunicorn did not answer /health/ within 30 seconds")


def step(users: int, seconds: int = SECONDS) -> dict[str, dict[str, str]]:
    prefix = OUT / f"step-{users:03d}" if seconds == SECONDS else OUT / "warm-up"
    subprocess.run(
        [
            str(ROOT / ".venv-load/bin/locust"),
            f"--locustfile={ROOT / 'bench/locustfile.py'}",
            "--headless",
            "--only-summary",
            "--loglevel=ERROR",
            f"--host={HOST}",
            f"--users={users}",
            f"--spawn-rate={users}",
            f"--run-time={seconds}s",
            f"--csv={prefix}",
        ],
        cwd=ROOT,
        env=ENV,
        check=False,  # locust exits 1 when any request failed; the table says so
        stdout=subprocess.DEVNULL,
        stderr=open(OUT / "locust.log", "a"),  # noqa: SIM115
    )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def main() -> None:
    if not (ROOT / ".venv-load/bin/locust").exists():
        sys.exit("No locust: python3.12 -m venv .venv-load && .venv-load/bin/pip install locust")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "locust.log").write_text("")
    run(str(ROOT / ".venv/bin/python"), "manage.py", "migrate", "--noinput", "-v", "0")
    run(str(ROOT / ".venv/bin/python"), "bench/load_setup.py", str(OUT))

    server = subprocess.Popen(GUNICORN, cwd=ROOT, env=ENV)
    try:
        wait_until_up(server)
        step(min(STEPS), seconds=10)  # warm caches and connections; not reported
        results = []
        print(f"\nLoad on {os.cpu_count()} CPU cores (gunicorn 2 workers x 4 threads, locust and")
        print(f"PostgreSQL on the same machine), {SECONDS} s per step\n")
        print(f"{'users':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'failed':>7}")
        for users in STEPS:
            rows = step(users)
            total = rows["Aggregated"]
            results.append((users, rows))
            print(
                f"{users:>5} {float(total['Requests/s']):>7.1f} {total['50%']:>7}"
                f" {total['95%']:>7} {total['99%']:>7}"
                f" {total['Failure Count']:>7}/{total['Request Count']}",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print("\np95 ms by page")
    print(f"{'users':>5} " + " ".join(f"{page:>14}" for page in PAGES))
    for users, rows in results:
        cells = [rows[page]["95%"] if page in rows else "-" for page in PAGES]
        print(f"{users:>5} " + " ".join(f"{cell:>14}" for cell in cells))

    def healthy(rows: dict[str, dict[str, str]]) -> bool:
        total = rows["Aggregated"]
        return float(total["95%"]) < P95_LIMIT_MS and int(total["Failure Count"]) == 0

    good = [(users, rows) for users, rows in results if healthy(rows)]
    broken = [users for users, rows in results if not healthy(rows)]
    print()
    if good:
        users, rows = max(good, key=lambda result: float(result[1]["Aggregated"]["Requests/s"]))
        print(
            f"Sustained: {float(rows['Aggregated']['Requests/s']):.1f} requests/s at {users}"
            f" users with p95 {rows['Aggregated']['95%']} ms (< {P95_LIMIT_MS} ms), no failures."
        )
    else:
        print(f"No step kept p95 under {P95_LIMIT_MS} ms without failures.")
    if broken:
        print(f"Breaks at {broken[0]} users (p95 >= {P95_LIMIT_MS} ms or failures).")
    else:
        print(f"Did not break up to {max(STEPS)} users: add larger LOAD_STEPS.")


if __name__ == "__main__":
    main()
