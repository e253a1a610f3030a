"""The API's server (`manage.py serve_api`): answers, replaces a worker that dies, stops cleanly."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:  # noqa: S310
        return response.status, response.read()


def wait_for(port: int) -> None:
    for _ in range(150):
        try:
            get(port, "/api/v1/openapi.json")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve_api did not start")


def workers_of(parent: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.add(int(entry.name))
    return found


@pytest.fixture
def server(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    port = free_port()
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    # Its own empty database: the schema page needs none, and the suite's is not shared.
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve_api", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.port = port  # type: ignore[attr-defined]
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_it_answers_replaces_a_dead_worker_and_stops_on_sigterm(
    server: subprocess.Popen[str],
) -> None:
    port: int = server.port  # type: ignore[attr-defined]
    wait_for(port)
    status, body = get(port, "/api/v1/openapi.json")
    assert status == 200
    assert b'"openapi": "3.1' in body or b'"openapi":"3.1' in body

    first = workers_of(server.pid)
    assert len(first) == 2
    os.kill(min(first), signal.SIGKILL)
    for _ in range(50):
        now = workers_of(server.pid)
        if len(now) == 2 and now != first:
            break
        time.sleep(0.1)
    assert len(now) == 2 and min(first) not in now
    assert get(port, "/api/v1/openapi.json")[0] == 200

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=10) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in now)
    assert "starting another" in server.stderr.read()  # type: ignore[union-attr]
