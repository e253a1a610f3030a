"""Alert look-up speed: the API on its own server against PostgreSQL answering the same query.

    .venv/bin/python bench/alert_lookup.py

On the bench database (200,000 people, 100,000 properties; `seed_demo --persons 200000`),
topped up to 20,000 warning flags and contact restrictions in force (`bench/alerts_seed.py`):

1. pgbench runs the hot path's own statement (`alerts/sql.py`), prepared, 50 clients,
   for ALERTS_SECONDS (default 20);
2. `manage.py serve_api` (bjoern, `api/serve.py`) serves `config.wsgi` (so the hot path in
   `alerts/hotpath.py`) and wrk loads `GET /api/v1/alerts/{kind}/{reference}` with 50
   connections for the same time.

Both draw the same mix: person 3, property 3, UPRN 3, unknown reference 1, each a uniformly
random id, so most look-ups find no instruction and some find several. Prints requests/s,
p50 and p99 for both and the ratio (goal: the API at least half of pgbench, p99 < 20 ms).
Everything runs on this machine's cores: PostgreSQL, pgbench or wrk, and the server.

Server settings to try (environment): ALERTS_BJOERN_WORKERS (2). ALERTS_SERVER=granian serves
with granian instead, for comparison, with ALERTS_WORKERS (2), ALERTS_THREADS (blocking
threads, 1), ALERTS_RUNTIME_THREADS (1), ALERTS_BACKPRESSURE (50). Keep backpressure at least
the connections per worker: below that granian leaves connections waiting to be accepted, wrk
starts their clocks only once they are, and p99 looks far better than what callers get.
ALERTS_ONLY=api skips pgbench; ALERTS_VERBOSE=1 prints wrk's whole report.
"""

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/safecontact_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402

from alerts.hotpath import connection_kwargs  # noqa: E402
from alerts.sql import STATEMENTS  # noqa: E402
from api.models import hash_token  # noqa: E402
from bench.alerts_seed import make_token, revoke_token, top_up  # noqa: E402

SECONDS = int(os.environ.get("ALERTS_SECONDS", "20"))
CLIENTS = 50
PORT = int(os.environ.get("ALERTS_PORT", "8765"))
WORKERS = os.environ.get("ALERTS_WORKERS", "2")
THREADS = os.environ.get("ALERTS_THREADS", "1")
BACKPRESSURE = os.environ.get("ALERTS_BACKPRESSURE", str(CLIENTS))
RUNTIME_THREADS = os.environ.get("ALERTS_RUNTIME_THREADS", "1")
# bjoern (manage.py serve_api, the API's production server) or granian, for comparison.
SERVER = os.environ.get("ALERTS_SERVER", "bjoern")
BJOERN_WORKERS = os.environ.get("ALERTS_BJOERN_WORKERS", "2")
# ALERTS_ONLY=api skips pgbench (for trying server settings); the goal needs both.
ONLY = os.environ.get("ALERTS_ONLY", "")
TARGET = 20_000
PEOPLE, HOMES = 200_000, 100_000

# (name, weight, SQL expression for the reference from :n, the same in Lua, largest n)
MIX = [
    ("person", 3, "'PE' || lpad(:n::text, 7, '0')", 'string.format("PE%07d", n)', PEOPLE),
    ("property", 3, "'PR' || lpad(:n::text, 7, '0')", 'string.format("PR%07d", n)', HOMES),
    ("uprn", 3, "(100000000000 + :n)::text", 'string.format("%d", 100000000000 + n)', HOMES),
    ("person", 1, "'PX' || lpad(:n::text, 7, '0')", 'string.format("PX%07d", n)', PEOPLE),
]

LUA = """
local kinds = {%(kinds)s}
local token = "%(token)s"
math.randomseed(os.time())
request = function()
  local k = kinds[math.random(#kinds)]
  local n = math.random(k[3])
  local reference = k[2](n)
  return wrk.format("GET", "/api/v1/alerts/" .. k[1] .. "/" .. reference,
    {["Authorization"] = "Bearer " .. token})
end
"""


def pgbench_scripts(folder: Path) -> list[str]:
    arguments = []
    for index, (kind, weight, expression, _, largest) in enumerate(MIX):
        sql = STATEMENTS[kind].replace("%(token_hash)s", ":token_hash")
        sql = sql.replace("%(scope)s", ":scope")
        sql = sql.replace("%(reference)s", f"({expression})")
        path = folder / f"alerts_{index}.sql"
        path.write_text(f"\\set n random(1, {largest})\n{sql};\n")
        arguments += ["-f", f"{path}@{weight}"]
    return arguments


NONE = {"rate": float("nan"), "p50": float("nan"), "p99": float("nan")}


def run_pgbench(token: str, folder: Path) -> dict[str, float]:
    kwargs = connection_kwargs()
    command = ["pgbench", "-n", "-M", "prepared", "-c", str(CLIENTS), "-j", "2"]
    command += ["-T", str(SECONDS), "-l", "--log-prefix", str(folder / "pgbench")]
    command += ["-D", f"token_hash={hash_token(token)}", "-D", "scope=alerts:read"]
    command += pgbench_scripts(folder)
    command += ["-h", kwargs.get("host", "127.0.0.1"), "-U", kwargs.get("user", "postgres")]
    command += ["-p", str(kwargs.get("port", 5432)), kwargs["dbname"]]
    env = {**os.environ, "PGTZ": django.conf.settings.TIME_ZONE}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode:
        raise SystemExit(f"pgbench failed:\n{result.stderr[:3000]}")
    output = result.stdout
    rate = float(re.search(r"tps = ([\d.]+)", output).group(1))  # type: ignore[union-attr]
    latencies = sorted(
        int(line.split()[2]) / 1000
        for log in folder.glob("pgbench.*")
        for line in log.read_text().splitlines()
    )
    return {"rate": rate, **percentiles(latencies)}


def percentiles(latencies_ms: list[float]) -> dict[str, float]:
    cut = statistics.quantiles(latencies_ms, n=100, method="inclusive")
    return {"p50": cut[49], "p99": cut[98]}


def lua_script(token: str, folder: Path) -> Path:
    kinds = ", ".join(
        f'{{"{kind}", function(n) return {lua} end, {largest}}}'
        for kind, weight, _, lua, largest in MIX
        for _ in range(weight)
    )
    path = folder / "alerts.lua"
    path.write_text(LUA % {"kinds": kinds, "token": token})
    return path


def start_server() -> subprocess.Popen[bytes]:
    if SERVER == "bjoern":
        command = [str(ROOT / ".venv/bin/python"), "manage.py", "serve_api"]
        command += ["--port", str(PORT), "--workers", BJOERN_WORKERS]
        return subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    command = [str(ROOT / ".venv/bin/granian"), "--interface", "wsgi", "config.wsgi:application"]
    command += ["--host", "127.0.0.1", "--port", str(PORT), "--workers", WORKERS]
    command += ["--blocking-threads", THREADS, "--runtime-threads", RUNTIME_THREADS]
    command += ["--backpressure", BACKPRESSURE] if BACKPRESSURE else []
    command += ["--no-access-log", "--log-level", "warning"]
    # Its own process group, so stopping it stops its workers too.
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True)


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def get(path: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (local)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_serving(token: str) -> None:
    for _ in range(100):
        try:
            get("/api/v1/alerts/uprn/100000000001", token)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{SERVER} did not start")


def check_answers(token: str) -> None:
    """A few look-ups of each kind before timing: the hot path agrees with `look_up`."""
    from alerts.lookup import NOT_FOUND_BODY, look_up, render_alert

    for kind, reference in [("person", "PE0000007"), ("property", "PR0000005")] + [
        ("uprn", str(100000000000 + n)) for n in range(1, 200, 7)
    ]:
        status, body = get(f"/api/v1/alerts/{kind}/{reference}", token)
        payload = look_up(kind=kind, reference=reference, contractor_id=None)
        expected = render_alert(payload) if payload is not None else NOT_FOUND_BODY
        if body != expected or status not in (200, 404):
            raise SystemExit(f"{kind} {reference}: {status} {body[:200]!r} != {expected[:200]!r}")


def run_wrk(token: str, folder: Path) -> dict[str, float]:
    script = lua_script(token, folder)
    base = ["wrk", "-t", "2", "-c", str(CLIENTS), "-s", str(script), "--latency"]
    url = f"http://127.0.0.1:{PORT}"
    subprocess.run([*base, "-d", "3s", url], capture_output=True, check=True)  # warm up
    output = subprocess.run(
        [*base, "-d", f"{SECONDS}s", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Socket errors: .*", output)
    if os.environ.get("ALERTS_VERBOSE"):
        print(output)
    return {
        "rate": rate,
        "p50": wrk_latency(output, "50%"),
        "p99": wrk_latency(output, "99%"),
        "socket_errors": 0.0 if errors is None else 1.0,
    }


def wrk_latency(output: str, label: str) -> float:
    found = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", output)
    assert found, output
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def main() -> None:
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "migrate", "alerts", "--no-input"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    connection = psycopg.connect(**connection_kwargs(), autocommit=True)
    before, added = top_up(connection, target=TARGET)
    print(f"measures in force: {before} before, {added} added (target {TARGET})")
    token = make_token(connection)
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            database = run_pgbench(token, folder) if ONLY != "api" else NONE
            server = start_server()
            try:
                wait_until_serving(token)
                check_answers(token)
                api = run_wrk(token, folder)
            finally:
                stop(server)
    finally:
        revoke_token(connection, token)
    report(database, api)


def server_name() -> str:
    if SERVER == "bjoern":
        return f"bjoern {BJOERN_WORKERS}"
    return f"granian {WORKERS}x{THREADS}"


def report(database: dict[str, float], api: dict[str, float]) -> None:
    print(f"{'':28}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
    print(f"{'pgbench (prepared, 50)':28}{database['rate']:>12,.0f}", end="")
    print(f"{database['p50']:>10.2f}{database['p99']:>10.2f}")
    print(f"{'API (' + server_name() + ', wrk 50)':28}{api['rate']:>12,.0f}", end="")
    print(f"{api['p50']:>10.2f}{api['p99']:>10.2f}")
    ratio = api["rate"] / database["rate"]
    met = ratio >= 0.5 and api["p99"] < 20
    print(
        f"ratio API/pgbench: {ratio:.2f} (goal >= 0.50, p99 < 20 ms): {'met' if met else 'NOT met'}"
    )
    if api["socket_errors"]:
        print("wrk reported socket errors")


if __name__ == "__main__":
    main()
