"""``chronik serve --workers N``: several real server processes on one port, one knowledge base, both backends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from test_load_levers import article

from chronik.store import Store

TOKEN = "workers-test-token"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc (Linux)")
def test_several_server_processes_answer_on_one_port_and_see_each_others_writes(kb_db):
    with Store(kb_db) as store:
        store.add_many(article(n) for n in range(12))
        expected = store.search_total("Zukunft", what="statements")
        ruge, kohl = store.entities("Ruge")[0]["id"], store.entities("Kohl")[0]["id"]
    port = _port()
    env = {**os.environ, "CHRONIK_TOKEN": TOKEN, "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "chronik", "serve", "--db", str(kb_db), "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stdout.read()
            try:
                if httpx.get(url + "/api/articles?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within 120 s"
            time.sleep(0.5)
        workers = [pid for pid in _children(server.pid) if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()]
        assert len(workers) == 2
        # every new connection may land on either process: all give the same answers
        for _ in range(8):
            with httpx.Client(base_url=url, timeout=30) as http:
                assert http.get("/api/search", params={"q": "Zukunft", "what": "statements"}).json()["total"] == expected
        with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            merged = http.post("/api/entities/merge", json={"keep": ruge, "drop": kohl})
            assert merged.status_code == 200, merged.text
        for _ in range(8):  # the merge, made by one process, is what every process reads now
            with httpx.Client(base_url=url, timeout=30) as http:
                entity = http.get(f"/api/entities/{kohl}").json()
                assert entity["id"] == ruge and entity["redirected_from"] == kohl
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            pytest.fail("the server did not stop on SIGINT within 30 s")
    assert not [pid for pid in workers if _alive(pid)], "worker processes outlived the server"
