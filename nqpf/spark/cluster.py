"""A standalone Spark cluster on this machine, from the pyspark the project installs.

``start`` launches a master, workers and a Spark Connect server as separate JVMs
(``spark-class``), each in its own process group, with one ``spark-defaults.conf``, logs and
scratch space under ``<warehouse>/spark-cluster/``; ``cluster.json`` there records what was
started, so ``stop`` ends exactly those processes and ``nqpf build --engine spark --target
cluster`` finds the Connect server. ``scripts/spark-cluster.sh`` runs this module.

    python -m nqpf.spark.cluster start|stop|status [--home DIR] [--connect-port 15002 ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from nqpf.paths import warehouse_dir

FOLDER = "spark-cluster"  # the cluster's folder inside the warehouse folder
STATE = "cluster.json"
MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
CONNECT_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"
#: what each process writes to its log once it serves (Spark's own log lines)
READY = {MASTER_CLASS: "I have been elected leader", WORKER_CLASS: "Successfully registered",
         CONNECT_CLASS: "Spark Connect server started"}


class ClusterError(RuntimeError):
    """The cluster cannot start, or its state file is unusable (one line, exit 2)."""


@dataclass(frozen=True)
class Process:
    name: str  # master, worker-1, ..., connect
    main_class: str
    pid: int
    log: str


@dataclass(frozen=True)
class Cluster:
    """What ``start`` started: the URLs clients use and the processes ``stop`` ends."""

    master_url: str
    connect_url: str
    master_ui: str
    folder: str
    processes: tuple[Process, ...]

    @classmethod
    def load(cls, home: Path) -> Cluster | None:
        path = home / FOLDER / STATE
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{**data, "processes": tuple(Process(**p) for p in data["processes"])})

    def save(self, home: Path) -> None:
        (home / FOLDER / STATE).write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")


@dataclass(frozen=True)
class Settings:
    """Ports and sizes of a cluster (Spark's own default ports; 0: any free port)."""

    host: str = "127.0.0.1"
    master_port: int = 7077
    ui_port: int = 8080
    connect_port: int = 15002
    workers: int = 2
    worker_cores: int = 1
    worker_memory: str = "3g"  # what a worker offers its executors
    executor_memory: str = "2g"  # JVM heap of one executor; its Python workers come on top
    driver_memory: str = "2g"  # the Connect server, which is the driver of every build


def spark_home() -> Path:
    """SPARK_HOME, or the pyspark package, which holds Spark's jars, bin/ and sbin/."""
    import pyspark

    return Path(os.environ.get("SPARK_HOME") or Path(pyspark.__file__).parent)


def alive(process: Process) -> bool:
    """Whether ``process`` still runs as the JVM that was started (a reused pid does not)."""
    try:
        cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return process.main_class.encode() in cmdline


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((host, port)) == 0


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _resolve_ports(settings: Settings) -> Settings:
    """Port 0 is any free port (the master's port must be known before the workers start)."""
    return replace(settings, **{
        name: free_port(settings.host)
        for name in ("master_port", "ui_port", "connect_port") if not getattr(settings, name)})


def _defaults(folder: Path, settings: Settings) -> Path:
    """One properties file for every JVM of the cluster."""
    python = sys.executable  # the executors' Python workers import nqpf and the kernels
    conf = {
        "spark.master.rest.enabled": "false",
        "spark.ui.enabled": "false",  # the Connect server's UI would take port 4040
        "spark.local.dir": str(folder / "tmp"),
        "spark.pyspark.python": python,
        "spark.executorEnv.PYSPARK_PYTHON": python,
        "spark.driver.memory": settings.driver_memory,
        "spark.executor.memory": settings.executor_memory,
        # the build's tables live in databases with their own location; this holds the rest
        "spark.sql.warehouse.dir": (folder / "tables").as_uri(),
        "spark.sql.catalogImplementation": "in-memory",
        "spark.connect.grpc.binding.address": settings.host,
        "spark.connect.grpc.binding.port": str(settings.connect_port),
    }
    path = folder / "spark-defaults.conf"
    path.write_text("".join(f"{k} {v}\n" for k, v in conf.items()), encoding="utf-8")
    return path


def _launch(name: str, main_class: str, args: list[str], folder: Path,
            env: dict[str, str]) -> Process:
    """Start one JVM in its own process group (``spark-class`` execs java: the pid is the
    JVM's)."""
    log = folder / "logs" / f"{name}.log"
    home = spark_home()
    if main_class == CONNECT_CLASS:  # the driver of the builds: submitted like an application
        command = [str(home / "bin" / "spark-submit"), "--class", main_class,
                   "--name", "nqpf Spark Connect server", *args, "spark-internal"]
    else:
        command = [str(home / "bin" / "spark-class"), main_class, *args]
    with log.open("w") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, cwd=folder, env=env,
                                 start_new_session=True)
    return Process(name, main_class, child.pid, str(log))


def _wait_ready(processes: list[Process], timeout: float) -> None:
    """Wait for each process's ready line in its log (they are children of this process)."""
    deadline = time.monotonic() + timeout
    waiting = list(processes)
    while waiting:
        for process in list(waiting):
            if READY[process.main_class] in Path(process.log).read_text(errors="replace"):
                waiting.remove(process)
            elif os.waitpid(process.pid, os.WNOHANG)[0]:  # our child, and it has exited
                raise ClusterError(f"the {process.name} stopped while starting: see "
                                   f"{process.log}")
        if waiting and time.monotonic() > deadline:
            names = ", ".join(p.name for p in waiting)
            raise ClusterError(f"{names} not ready after {timeout:.0f} s: see their logs in "
                               f"{Path(waiting[0].log).parent}")
        time.sleep(0.5)


def start(home: Path, settings: Settings, emit: Callable[[str], None] = print,
          timeout: float = 180) -> Cluster:
    """Start the master, the workers and the Connect server; return once all serve."""
    running = Cluster.load(home)
    if running and any(alive(p) for p in running.processes):
        raise ClusterError(f"a cluster already runs for {home} ({running.connect_url}): "
                           "scripts/spark-cluster.sh stop first")
    settings = _resolve_ports(settings)
    for port in (settings.master_port, settings.ui_port, settings.connect_port):
        if _port_in_use(settings.host, port):
            raise ClusterError(f"port {port} on {settings.host} is in use: choose others "
                               "with --master-port, --ui-port, --connect-port")
    folder = home / FOLDER
    for sub in ("logs", "tmp", "work"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    defaults = _defaults(folder, settings)
    env = {**os.environ, "SPARK_HOME": str(spark_home()), "SPARK_LOCAL_IP": settings.host,
           "SPARK_CONF_DIR": str(folder), "PYSPARK_PYTHON": sys.executable,
           "SPARK_DAEMON_MEMORY": "512m"}
    master_url = f"spark://{settings.host}:{settings.master_port}"
    common = ["--properties-file", str(defaults)]
    started: list[Process] = []
    try:
        started.append(_launch("master", MASTER_CLASS, [
            "--host", settings.host, "--port", str(settings.master_port),
            "--webui-port", str(settings.ui_port), *common], folder, env))
        _wait_ready(started, timeout)
        workers = [_launch(f"worker-{n}", WORKER_CLASS, [
            "--host", settings.host, "--cores", str(settings.worker_cores),
            "--memory", settings.worker_memory, "--webui-port", "0",
            "--work-dir", str(folder / "work" / f"worker-{n}"), *common, master_url],
            folder, env) for n in range(1, settings.workers + 1)]
        started += workers
        _wait_ready(workers, timeout)
        connect = _launch("connect", CONNECT_CLASS, ["--master", master_url, *common],
                          folder, env)
        started.append(connect)
        _wait_ready([connect], timeout)
    except BaseException:
        _end(started)
        raise
    cluster = Cluster(master_url, f"sc://{settings.host}:{settings.connect_port}",
                      f"http://{settings.host}:{settings.ui_port}", str(folder),
                      tuple(started))
    cluster.save(home)
    emit(f"Spark cluster running: master {master_url} (web UI {cluster.master_ui}), "
         f"{settings.workers} workers, Spark Connect {cluster.connect_url}; logs in "
         f"{folder / 'logs'}")
    return cluster


def _end(processes: list[Process] | tuple[Process, ...], grace: float = 30) -> None:
    """SIGTERM each process that is still the JVM started (a worker's shutdown ends its
    executors), then SIGKILL what is left after ``grace`` seconds."""
    for process in processes:
        if alive(process):
            os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        while alive(process) and time.monotonic() < deadline:
            time.sleep(0.2)
        if alive(process):
            os.kill(process.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # reap it if this process started it
            os.waitpid(process.pid, os.WNOHANG)


def stop(home: Path, emit: Callable[[str], None] = print) -> None:
    cluster = Cluster.load(home)
    if cluster is None:
        emit(f"no cluster was started for {home}")
        return
    connect_first = sorted(cluster.processes, key=lambda p: p.name != "connect")
    _end(connect_first)  # the driver first, so its executors end before their workers
    (home / FOLDER / STATE).unlink()
    emit(f"stopped {', '.join(f'{p.name} (pid {p.pid})' for p in cluster.processes)}")


def status(home: Path, emit: Callable[[str], None] = print) -> bool:
    """Print each process's state; True when all of them run."""
    cluster = Cluster.load(home)
    if cluster is None:
        emit(f"no cluster was started for {home}")
        return False
    states = {p.name: alive(p) for p in cluster.processes}
    for process in cluster.processes:
        emit(f"{process.name:<9} pid {process.pid:<8} "
             f"{'running' if states[process.name] else 'stopped'}  {process.log}")
    emit(f"master {cluster.master_url} (web UI {cluster.master_ui}); "
         f"Spark Connect {cluster.connect_url}")
    return all(states.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="spark-cluster.sh",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["start", "stop", "status"])
    ap.add_argument("--home", type=Path, help="the warehouse folder (default: NQPF_HOME or "
                                               "./warehouse); the cluster's files go under it")
    defaults = Settings()
    for name, value in asdict(defaults).items():
        ap.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    args = ap.parse_args(argv)
    home = (args.home or warehouse_dir()).resolve()
    try:
        if args.command == "start":
            settings = Settings(**{name: getattr(args, name) for name in asdict(defaults)})
            start(home, settings)
            return 0
        if args.command == "stop":
            stop(home)
            return 0
        return 0 if status(home) else 1
    except ClusterError as exc:
        print(f"spark-cluster.sh {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
