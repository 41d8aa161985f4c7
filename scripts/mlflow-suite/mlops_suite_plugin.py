"""pytest plugin for scripts/mlflow-suite.sh: runs MLflow's server-facing tests against an external server.

MLflow's fixtures start its Flask app in-process (ServerThread) or an `mlflow server` process (_launch_server). This
plugin swaps those two names in the test modules, after collection, for servers started the way a user starts them:
  MLOPS_SUITE_TARGET=mlops   java -jar <MLOPS_SUITE_JAR> (./mlops serve's jar), a fresh data directory per server;
  MLOPS_SUITE_TARGET=mlflow  `mlflow server` from this venv, SQLite and proxied artifacts, a fresh database per server.
While a server runs, the fluent API and the CLI point at it too (the fixtures otherwise leave them on the SQLite store
that the in-process server would have shared).
"""
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests

TARGET = os.environ.get("MLOPS_SUITE_TARGET", "mlops")
JAR = os.environ.get("MLOPS_SUITE_JAR", "")
JAVA = os.environ.get("MLOPS_SUITE_JAVA", "java")
WORK = os.environ.get("MLOPS_SUITE_WORK") or tempfile.mkdtemp(prefix="mlops-suite-")
PROBE = "/api/2.0/mlflow/experiments/get?experiment_id=0"


def _wait_until_up(proc, url, log_path, seconds=120):
    deadline = time.time() + seconds
    while True:
        try:
            if requests.get(url + PROBE, timeout=1).ok:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.time() > deadline:
            _stop(proc)
            raise RuntimeError(f"{TARGET} server at {url} did not start; see {log_path}")
        time.sleep(0.1)


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _mlops_command(port, data_dir):
    return [JAVA, "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-Xmx512m",
            f"-Dquarkus.http.port={port}", f"-Dmlops.data-dir={data_dir}", "-jar", JAR]


def _template_db():
    """An empty, migrated MLflow database, made once and copied per server (migrations take seconds)."""
    template = os.path.join(WORK, "template.db")
    if not os.path.exists(template):
        from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

        SqlAlchemyStore(f"sqlite:///{template}", os.path.join(WORK, "unused-artifacts")).engine.dispose()
    return template


def _mlflow_command(port, data_dir, artifacts_destination=None):
    db = os.path.join(data_dir, "mlflow.db")
    shutil.copyfile(_template_db(), db)
    return [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
            "--workers", "1", "--backend-store-uri", f"sqlite:///{db}",
            "--artifacts-destination", artifacts_destination or os.path.join(data_dir, "mlartifacts")]


@contextlib.contextmanager
def _server(port, data_dir, artifacts_destination=None):
    os.makedirs(data_dir, exist_ok=True)
    if TARGET == "mlops":
        if artifacts_destination:  # the artifacts tests read files where they told the server to put them
            os.makedirs(os.path.join(data_dir, "artifacts"), exist_ok=True)
            os.symlink(os.path.join(data_dir, "artifacts"), artifacts_destination)
        cmd = _mlops_command(port, data_dir)
    else:
        cmd = _mlflow_command(port, data_dir, artifacts_destination)
    log_path = os.path.join(data_dir, "server.log")
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        # The working directory is the tests' own, as for MLflow's in-process server: relative artifact locations
        # resolve against it.
        proc = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True)
        try:
            _wait_until_up(proc, url, log_path)
            from mlflow.tracking._tracking_service.utils import _use_tracking_uri

            with _use_tracking_uri(url):
                yield url, proc
        finally:
            if TARGET == "mlflow":  # gunicorn/uvicorn workers share the session
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, 15)
            _stop(proc)


class ExternalServerThread:
    """Stands in for tests.tracking.integration_test_utils.ServerThread(app, port): `with ... as url`."""

    def __init__(self, _app, port):
        self._cm = _server(port, tempfile.mkdtemp(prefix="server-", dir=WORK))

    def __enter__(self):
        url, _ = self._cm.__enter__()
        return url

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


@contextlib.contextmanager
def external_launch_server(host, port, backend_store_uri, default_artifact_root, artifacts_destination):
    """Stands in for test_mlflow_artifacts._launch_server: yields the server process."""
    data_dir = tempfile.mkdtemp(prefix="artifacts-server-", dir=WORK)
    with _server(port, data_dir, artifacts_destination) as (_, proc):
        yield proc


def pytest_collection_modifyitems(session, config, items):
    patched = set()
    for item in items:
        module = getattr(item, "module", None)
        if module is None or module.__name__ in patched:
            continue
        patched.add(module.__name__)
        if hasattr(module, "ServerThread"):
            module.ServerThread = ExternalServerThread
        if hasattr(module, "_launch_server") and TARGET == "mlops":
            module._launch_server = external_launch_server
