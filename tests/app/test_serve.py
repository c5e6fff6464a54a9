"""`nqpf app` stops cleanly: the signal a service manager or `docker stop` sends ends the
Streamlit server itself, so nothing is left serving on the port."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from apphelpers import answers, free_port, wait_healthy

pytestmark = pytest.mark.slow

NQPF = Path(sys.executable).with_name("nqpf")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_to_nqpf_app_stops_the_server(sig, tmp_path, monkeypatch):
    monkeypatch.setenv("NQPF_HOME", str(tmp_path))  # no warehouse: the app says so and serves
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([str(NQPF), "app", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(url, process)
        process.send_signal(sig)
        process.wait(timeout=20)
        deadline = time.monotonic() + 10
        while answers(url) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not answers(url), f"a server still answers on port {port} after {sig.name}"
    finally:
        if process.poll() is None:
            process.kill()
