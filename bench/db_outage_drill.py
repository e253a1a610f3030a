"""Drill: PostgreSQL stops while SafeContact is serving, then comes back.

    .venv/bin/python bench/db_outage_drill.py        # or: make drill

Creates (if missing) and migrates a drill database on the PostgreSQL server named by
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; the drill uses the database
DRILL_DATABASE, default safecontact_drill, on that server), serves the app with gunicorn on a
free port, signs a colleague in, stops PostgreSQL for about DRILL_DOWN_SECONDS (default 10)
while requesting pages, starts it again and waits until pages answer 200. Prints each
request's status and latency, then the maximum latency while down, the time to recover and
any answer that was not the plain 503.

PostgreSQL is ALWAYS started again (finally block), whatever happens to the drill.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DOWN_SECONDS = float(os.environ.get("DRILL_DOWN_SECONDS", "10"))
RECOVERY_LIMIT_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 15.0
MESSAGE = "SafeContact cannot reach its database just now."

server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
drill_database = os.environ.get("DRILL_DATABASE", "safecontact_drill")
DRILL_URL = urlunsplit(urlsplit(server_url)._replace(path=f"/{drill_database}"))

sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DATABASE_URL"] = DRILL_URL
os.environ.setdefault("DEBUG", "false")
warnings.filterwarnings("ignore", message="No directory at")


def cluster() -> tuple[str, str]:
    version = os.environ.get("PG_VERSION") or sorted(os.listdir("/etc/postgresql"))[-1]
    return version, os.environ.get("PG_CLUSTER", "main")


def pg_ctl(action: str) -> None:
    version, name = cluster()
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
    if action == "stop":
        # Fast: other sessions are disconnected at once, as in a real crash of the server.
        command += ["-m", "fast"]
    subprocess.run(command, check=True, timeout=60)


def database_ready() -> bool:
    parts = urlsplit(server_url)
    result = subprocess.run(
        ["pg_isready", "-q", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)],
        check=False,
        timeout=10,
    )
    return result.returncode == 0


def create_drill_database() -> None:
    import psycopg

    maintenance = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [drill_database]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{drill_database}"')


def prepare_session() -> str:
    """Migrate, create the demo colleagues, and return a signed-in session cookie.

    The session is made directly (as Django's test client does) so the drill does not
    depend on the second factor: what is measured is the outage, not the sign-in.
    """
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from demo.personas import ensure_personas

    call_command("migrate", "--noinput", verbosity=0)
    officer = ensure_personas()["officer"]
    client = Client()
    client.force_login(officer)
    session_key = client.cookies["sessionid"].value
    try:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice
    except ImportError:
        pass
    else:
        device = TOTPDevice.objects.filter(user=officer, confirmed=True).first()
        if device is not None:
            session = SessionStore(session_key)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    # This process must hold no connection while the server is stopped and started.
    connections.close_all()
    return session_key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "DATABASE_URL": DRILL_URL, "LOG_LEVEL": "WARNING"}
    gunicorn = VENV_BIN / "gunicorn"
    if gunicorn.exists():
        command = [
            str(gunicorn),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--timeout=30",
            "--graceful-timeout=3",
        ]
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )


def get(port: int, path: str, session_key: str) -> tuple[int | str, float, str]:
    """Status (or the failure's name), milliseconds and the start of the body."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        connection.request("GET", path, headers={"Cookie": f"sessionid={session_key}"})
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        return response.status, (time.perf_counter() - started) * 1000, body
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, (time.perf_counter() - started) * 1000, ""
    finally:
        connection.close()


def wait_for_server(port: int, server: subprocess.Popen[bytes], session_key: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server exited while starting; see its log above.")
        if get(port, "/health/", session_key)[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit("The server did not answer within 30 s.")


def drill(port: int, session_key: str) -> None:
    pages = ["/", "/cases/my-work/", "/notifications/", "/health/"]
    status, latency, _ = get(port, "/", session_key)
    print(f"before: GET / -> {status} in {latency:.0f} ms")
    if status != 200:
        raise SystemExit("The signed-in home page did not answer 200 before the outage.")

    latencies: list[float] = []
    unexpected: list[str] = []
    pg_stopped = False
    try:
        stop_started = time.monotonic()
        pg_ctl("stop")
        pg_stopped = True
        stopped_in = time.monotonic() - stop_started
        print(f"PostgreSQL stopped ({stopped_in:.1f} s); refusing: {not database_ready()}")
        down_started = time.monotonic()
        number = 0
        while time.monotonic() - down_started < DOWN_SECONDS:
            path = pages[number % len(pages)]
            number += 1
            status, latency, body = get(port, path, session_key)
            latencies.append(latency)
            plain = "plain message" if MESSAGE in body else ""
            print(
                f"  t={time.monotonic() - down_started:5.1f} s  GET {path:<18} -> {status} "
                f"{latency:7.1f} ms {plain}"
            )
            if status != 503 or (path != "/health/" and not plain):
                unexpected.append(f"GET {path} -> {status}")
            time.sleep(0.25)
    finally:
        if pg_stopped or not database_ready():
            pg_ctl("start")
        restarted = time.monotonic()
        while not database_ready() and time.monotonic() - restarted < 30:
            time.sleep(0.1)
        print(f"PostgreSQL started again; accepting connections: {database_ready()}")

    recovered_after = None
    while time.monotonic() - restarted < RECOVERY_LIMIT_SECONDS:
        status, latency, _ = get(port, "/", session_key)
        if status == 200:
            recovered_after = time.monotonic() - restarted
            break
        time.sleep(0.1)
    after = [get(port, path, session_key)[0] for path in pages]

    print("\nSummary")
    print(f"  requests while down:      {len(latencies)}")
    print(f"  max latency while down:   {max(latencies, default=0):.0f} ms")
    recovery = f"{recovered_after:.2f} s" if recovered_after is not None else "did not recover"
    print(f"  time to recover (200):    {recovery} after PostgreSQL was started")
    print(f"  pages after recovery:     {', '.join(map(str, after))}")
    print(f"  answers other than 503:   {', '.join(unexpected) if unexpected else 'none'}")


def main() -> None:
    # A Ctrl+C or kill still runs the finally blocks that restart PostgreSQL.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    if not database_ready():
        raise SystemExit("PostgreSQL is not accepting connections; the drill needs it up.")
    create_drill_database()
    session_key = prepare_session()
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="safecontact-drill-")) / "server.log"
    server = start_server(port, log)
    print(f"Serving on 127.0.0.1:{port} from database {drill_database} (log: {log})")
    try:
        wait_for_server(port, server, session_key)
        drill(port, session_key)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if not database_ready():
            pg_ctl("start")


if __name__ == "__main__":
    main()
