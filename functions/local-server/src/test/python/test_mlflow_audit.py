"""The audit log as an operator reads it: what the official client did, one entry per call, without values."""

import os
import time
import uuid

import pytest
import requests

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "")
if not TRACKING_URI.startswith(("http://", "https://")):
    pytest.exit("MLFLOW_TRACKING_URI must point at the server under test", returncode=2)
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from mlflow import MlflowClient  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402


def search(**filters):
    """Every entry matching the filters, newest first, following page tokens."""
    entries, token = [], None
    while True:
        params = dict(filters, max_results=2, **({"page_token": token} if token else {}))
        answer = requests.get(f"{TRACKING_URI}/api/2.0/mlops/audit/search", params=params, timeout=10)
        answer.raise_for_status()
        body = answer.json()
        entries += body["entries"]
        token = body.get("next_page_token")
        if not token:
            return entries


def eventually(check, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def test_client_calls_leave_one_entry_each_without_values():
    secret = f"value-{uuid.uuid4().hex}"
    client = MlflowClient(tracking_uri=TRACKING_URI)
    exp_id = client.create_experiment(f"audit-{uuid.uuid4().hex[:8]}")
    run_id = client.create_run(exp_id).info.run_id
    client.log_param(run_id, "password", secret)
    client.set_tag(run_id, "token", secret)
    client.log_metric(run_id, "loss", 0.5)
    with pytest.raises(MlflowException):
        client.log_param(run_id, "password", "another")  # params are immutable: refused
    client.set_terminated(run_id)

    def check():
        entries = search(resource=f"run/{run_id}")
        actions = sorted(e["action"] for e in entries)
        assert actions == sorted(["CreateRun", "LogParam", "SetTag", "LogMetric", "LogParam", "UpdateRun"])
        outcomes = sorted(e["outcome"] for e in entries)
        assert outcomes == ["INVALID_PARAMETER_VALUE"] + ["ok"] * 5, outcomes
        assert [e["timestamp"] for e in entries] == sorted((e["timestamp"] for e in entries), reverse=True)
        assert secret not in str(entries)
        return entries

    entries = eventually(check)
    assert {e["request_id"] for e in entries}.__len__() == len(entries)
    only_params = search(resource=f"run/{run_id}", action="LogParam")
    assert sorted(e["outcome"] for e in only_params) == ["INVALID_PARAMETER_VALUE", "ok"]
    window = search(resource=f"run/{run_id}", after=entries[-1]["timestamp"], before=entries[0]["timestamp"])
    assert all(entries[-1]["timestamp"] <= e["timestamp"] < entries[0]["timestamp"] for e in window)
