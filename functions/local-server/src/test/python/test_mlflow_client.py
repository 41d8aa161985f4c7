"""Client-compatibility suite: drives a tracking server with the official MLflow client only.

The server under test is named by MLFLOW_TRACKING_URI (http://host:port). Every test works in
freshly created, uniquely named experiments, so the suite can be rerun against the same data dir.

    MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python -m pytest functions/local-server/src/test/python -q
"""

import json
import math
import os
import sys
import time
import uuid

import pytest

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "")
if not TRACKING_URI.startswith(("http://", "https://")):
    pytest.exit(
        "MLFLOW_TRACKING_URI must point at the tracking server under test "
        f"(e.g. http://127.0.0.1:5000); got {TRACKING_URI!r}",
        returncode=2,
    )

# Surface server failures at once instead of retrying with exponential backoff (default 7 retries).
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "60")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import (  # noqa: E402
    Dataset,
    DatasetInput,
    InputTag,
    Metric,
    Param,
    RunStatus,
    RunTag,
    ViewType,
)
from mlflow.exceptions import MlflowException, RestException  # noqa: E402

SUITE = f"compat-{uuid.uuid4().hex[:8]}"  # prefix shared by everything this session creates
DBL_MAX = sys.float_info.max


def uniq(label):
    return f"{SUITE}-{label}-{uuid.uuid4().hex[:8]}"


def error_code(excinfo):
    return excinfo.value.error_code


@pytest.fixture(scope="session")
def client():
    mlflow.set_tracking_uri(TRACKING_URI)
    c = MlflowClient(tracking_uri=TRACKING_URI)
    try:
        c.search_experiments(max_results=1)
    except Exception as exc:  # noqa: BLE001
        pytest.exit(f"tracking server at {TRACKING_URI} is not usable: {exc}", returncode=3)
    return c


@pytest.fixture(autouse=True)
def _no_leaked_active_run():
    yield
    while mlflow.active_run() is not None:
        mlflow.end_run()


@pytest.fixture
def exp_id(client):
    return client.create_experiment(uniq("exp"))


@pytest.fixture
def run_id(client, exp_id):
    return client.create_run(exp_id, run_name="subject").info.run_id


def metric_values(history):
    return [(m.step, m.value) for m in sorted(history, key=lambda m: (m.step, m.timestamp))]


# --------------------------------------------------------------------------- experiments


def test_create_and_get_experiment(client):
    name = uniq("create")
    exp_id = client.create_experiment(name, tags={"team": "ml", "purpose": "compat"})
    assert isinstance(exp_id, str) and exp_id
    exp = client.get_experiment(exp_id)
    assert exp.experiment_id == exp_id
    assert exp.name == name
    assert exp.lifecycle_stage == "active"
    assert exp.tags["team"] == "ml" and exp.tags["purpose"] == "compat"
    assert exp.artifact_location  # the client needs it to resolve artifact URIs
    assert exp.creation_time and exp.creation_time > 1_600_000_000_000  # epoch millis
    assert exp.last_update_time >= exp.creation_time


def test_default_experiment_exists(client):
    exp = client.get_experiment("0")
    assert exp.name == "Default"
    assert client.get_experiment_by_name("Default").experiment_id == "0"


def test_get_experiment_by_name(client, exp_id):
    name = client.get_experiment(exp_id).name
    assert client.get_experiment_by_name(name).experiment_id == exp_id
    assert client.get_experiment_by_name(uniq("missing")) is None  # 404 is mapped to None


def test_get_missing_experiment_is_resource_does_not_exist(client):
    with pytest.raises(MlflowException) as ei:
        client.get_experiment("987654321")
    assert error_code(ei) == "RESOURCE_DOES_NOT_EXIST"


def test_create_duplicate_experiment_is_resource_already_exists(client):
    name = uniq("dup")
    client.create_experiment(name)
    with pytest.raises(RestException) as ei:
        client.create_experiment(name)
    assert error_code(ei) == "RESOURCE_ALREADY_EXISTS"


def test_search_experiments_filter_and_order(client):
    prefix = uniq("search")
    ids = {}
    for suffix, group in [("b", "x"), ("a", "y"), ("c", "x")]:
        ids[suffix] = client.create_experiment(f"{prefix}-{suffix}", tags={"group": group})

    found = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name DESC"])
    assert [e.name for e in found] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]

    by_tag = client.search_experiments(
        filter_string=f"name LIKE '{prefix}%' AND tags.group = 'x'", order_by=["name ASC"]
    )
    assert [e.experiment_id for e in by_tag] == [ids["b"], ids["c"]]

    exact = client.search_experiments(filter_string=f"name = '{prefix}-a'")
    assert [e.experiment_id for e in exact] == [ids["a"]]
    assert exact[0].tags["group"] == "y"


def test_search_experiments_paging(client):
    prefix = uniq("page")
    created = {client.create_experiment(f"{prefix}-{i}") for i in range(5)}
    seen, sizes, token = [], [], None
    while True:
        page = client.search_experiments(
            max_results=2, filter_string=f"name LIKE '{prefix}-%'", order_by=["name ASC"],
            page_token=token,
        )
        sizes.append(len(page))
        seen += [e.experiment_id for e in page]
        token = page.token
        if not token:
            break
        assert len(sizes) < 10, "paging does not terminate"
    assert sizes == [2, 2, 1]
    assert len(seen) == len(set(seen)) and set(seen) == created


def test_set_experiment_creates_then_reuses(client):
    name = uniq("setexp")
    assert client.get_experiment_by_name(name) is None
    exp = mlflow.set_experiment(name)
    assert exp.name == name and exp.lifecycle_stage == "active"
    assert client.get_experiment_by_name(name).experiment_id == exp.experiment_id
    assert mlflow.set_experiment(name).experiment_id == exp.experiment_id
    assert mlflow.set_experiment(experiment_id=exp.experiment_id).name == name
    with mlflow.start_run() as run:  # fluent runs land in the active experiment
        pass
    assert run.info.experiment_id == exp.experiment_id


def test_rename_experiment(client, exp_id):
    old = client.get_experiment(exp_id).name
    new = uniq("renamed")
    client.rename_experiment(exp_id, new)
    assert client.get_experiment(exp_id).name == new
    assert client.get_experiment_by_name(new).experiment_id == exp_id
    assert client.get_experiment_by_name(old) is None


def test_delete_and_restore_experiment(client):
    name = uniq("del")
    exp_id = client.create_experiment(name)
    client.delete_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "deleted"
    flt = f"name = '{name}'"
    assert client.search_experiments(filter_string=flt) == []
    deleted = client.search_experiments(view_type=ViewType.DELETED_ONLY, filter_string=flt)
    assert [e.experiment_id for e in deleted] == [exp_id]
    assert len(client.search_experiments(view_type=ViewType.ALL, filter_string=flt)) == 1
    with pytest.raises(MlflowException) as ei:
        client.create_run(exp_id)
    assert error_code(ei) == "INVALID_PARAMETER_VALUE"

    client.restore_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "active"
    assert [e.experiment_id for e in client.search_experiments(filter_string=flt)] == [exp_id]
    client.create_run(exp_id)


def test_experiment_tags(client, exp_id):
    client.set_experiment_tag(exp_id, "owner", "alice")
    client.set_experiment_tag(exp_id, "stage", "dev")
    client.set_experiment_tag(exp_id, "stage", "prod")  # overwrite
    tags = client.get_experiment(exp_id).tags
    assert tags["owner"] == "alice" and tags["stage"] == "prod"
    client.delete_experiment_tag(exp_id, "owner")
    tags = client.get_experiment(exp_id).tags
    assert "owner" not in tags and tags["stage"] == "prod"


# --------------------------------------------------------------------------- runs


def test_start_and_end_run(client, exp_id):
    with mlflow.start_run(experiment_id=exp_id, run_name="fluent-run") as run:
        live = client.get_run(run.info.run_id)
        assert live.info.status == "RUNNING"
        assert live.info.end_time is None
        mlflow.log_param("p", 1)
    done = client.get_run(run.info.run_id)
    assert done.info.run_id == run.info.run_id and len(done.info.run_id) >= 1
    assert done.info.experiment_id == exp_id
    assert done.info.run_name == "fluent-run"
    assert done.data.tags["mlflow.runName"] == "fluent-run"
    assert done.info.status == "FINISHED"
    assert done.info.lifecycle_stage == "active"
    assert done.info.end_time >= done.info.start_time > 0
    assert done.info.artifact_uri


def test_run_failing_inside_context_is_marked_failed(client, exp_id):
    with pytest.raises(ZeroDivisionError):
        with mlflow.start_run(experiment_id=exp_id) as run:
            1 / 0  # noqa: B018
    assert client.get_run(run.info.run_id).info.status == "FAILED"


def test_nested_sweep(client, exp_id):
    with mlflow.start_run(experiment_id=exp_id, run_name="sweep") as parent:
        child_ids = []
        for lr in (0.1, 0.01, 0.001):
            # nested runs do not inherit the parent's experiment: pass it explicitly
            with mlflow.start_run(experiment_id=exp_id, run_name=f"lr-{lr}", nested=True) as child:
                mlflow.log_param("lr", lr)
                mlflow.log_metric("loss", lr * 10)
                child_ids.append(child.info.run_id)
        assert mlflow.active_run().info.run_id == parent.info.run_id
    for cid in child_ids:
        child = client.get_run(cid)
        assert child.data.tags["mlflow.parentRunId"] == parent.info.run_id
        assert child.info.status == "FINISHED" and child.info.experiment_id == exp_id
    children = client.search_runs(
        [exp_id],
        filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'",
        order_by=["metrics.loss ASC"],
    )
    assert [r.info.run_id for r in children] == child_ids[::-1]
    assert "mlflow.parentRunId" not in client.get_run(parent.info.run_id).data.tags


def test_log_params(client, exp_id, run_id):
    client.log_param(run_id, "single", "v1")
    mlflow.set_experiment(experiment_id=exp_id)  # resuming a run must match the active experiment
    with mlflow.start_run(run_id=run_id):
        mlflow.log_params({"lr": 0.01, "layers": 3, "name": "resnet", "empty": ""})
    client.log_param(run_id, "single", "v1")  # same value again is allowed
    params = client.get_run(run_id).data.params
    assert params == {"single": "v1", "lr": "0.01", "layers": "3", "name": "resnet", "empty": ""}


def test_log_param_twice_with_different_value_is_invalid(client, run_id):
    client.log_param(run_id, "p", "1")
    with pytest.raises(MlflowException) as ei:
        client.log_param(run_id, "p", "2")
    assert error_code(ei) == "INVALID_PARAMETER_VALUE"
    assert client.get_run(run_id).data.params["p"] == "1"


def test_log_metric_with_steps_and_timestamps(client, run_id):
    base = int(time.time() * 1000)
    client.log_metric(run_id, "loss", 1.0, timestamp=base + 1000, step=0)
    client.log_metric(run_id, "loss", 3.0, timestamp=base + 900, step=5)  # highest step, older ts
    client.log_metric(run_id, "loss", 5.0, timestamp=base + 2000, step=2)
    client.log_metric(run_id, "loss", 0.5, timestamp=base + 3000, step=2)  # same step twice
    client.log_metric(run_id, "acc", 0.75)  # defaults: step 0, timestamp now
    history = client.get_metric_history(run_id, "loss")
    assert len(history) == 4
    assert all(m.key == "loss" for m in history)
    assert sorted((m.step, m.timestamp, m.value) for m in history) == [
        (0, base + 1000, 1.0), (2, base + 2000, 5.0), (2, base + 3000, 0.5), (5, base + 900, 3.0)
    ]
    metrics = client.get_run(run_id).data.metrics
    assert metrics["loss"] == 3.0  # latest value = the one at the highest step
    assert metrics["acc"] == 0.75
    acc = client.get_metric_history(run_id, "acc")
    assert [(m.step, m.value) for m in acc] == [(0, 0.75)] and acc[0].timestamp >= base - 60_000
    assert client.get_metric_history(run_id, "never-logged") == []


def test_fluent_log_metrics(client, exp_id):
    with mlflow.start_run(experiment_id=exp_id) as run:
        for step in range(3):
            mlflow.log_metrics({"a": step * 1.5, "b": -step}, step=step)
    assert metric_values(client.get_metric_history(run.info.run_id, "a")) == [
        (0, 0.0), (1, 1.5), (2, 3.0)
    ]
    assert client.get_run(run.info.run_id).data.metrics == {"a": 3.0, "b": -2.0}


def test_log_batch_larger_than_one_request(client, run_id):
    ts = int(time.time() * 1000)
    metrics = [Metric(f"m{k}", k * 1000 + s, ts + s, s) for k in range(5) for s in range(500)]
    params = [Param(f"param_{i}", str(i)) for i in range(150)]
    tags = [RunTag(f"tag_{i}", f"value {i}") for i in range(120)]
    # 2500 metrics / 150 params / 120 tags: the client splits this into several LogBatch calls
    client.log_batch(run_id, metrics=metrics, params=params, tags=tags)
    run = client.get_run(run_id)
    assert {k: v for k, v in run.data.params.items() if k.startswith("param_")} == {
        f"param_{i}": str(i) for i in range(150)
    }
    assert all(run.data.tags[f"tag_{i}"] == f"value {i}" for i in range(120))
    assert run.data.metrics == {f"m{k}": k * 1000 + 499.0 for k in range(5)}
    for k in (0, 4):
        assert metric_values(client.get_metric_history(run_id, f"m{k}")) == [
            (s, float(k * 1000 + s)) for s in range(500)
        ]


def test_nan_and_infinite_metric_values(client, run_id):
    """NaN must come back as NaN; +-inf as +-inf (the reference SQL store clamps to +-DBL_MAX)."""
    client.log_metric(run_id, "nan", float("nan"), step=0)
    client.log_metric(run_id, "pinf", float("inf"), step=0)
    client.log_metric(run_id, "ninf", float("-inf"), step=0)
    ts = int(time.time() * 1000)
    client.log_batch(run_id, metrics=[
        Metric("mixed", float("nan"), ts, 0), Metric("mixed", float("inf"), ts, 1),
        Metric("mixed", float("-inf"), ts, 2), Metric("mixed", 1.5, ts, 3),
    ])
    metrics = client.get_run(run_id).data.metrics
    assert math.isnan(metrics["nan"])
    assert metrics["pinf"] >= DBL_MAX
    assert metrics["ninf"] <= -DBL_MAX
    assert metrics["mixed"] == 1.5
    (nan_point,) = client.get_metric_history(run_id, "nan")
    assert math.isnan(nan_point.value)
    mixed = metric_values(client.get_metric_history(run_id, "mixed"))
    assert [s for s, _ in mixed] == [0, 1, 2, 3]
    assert math.isnan(mixed[0][1]) and mixed[1][1] >= DBL_MAX and mixed[2][1] <= -DBL_MAX
    assert mixed[3][1] == 1.5


def test_set_and_delete_tag(client, run_id):
    client.set_tag(run_id, "k", "v1")
    client.set_tag(run_id, "k", "v2")  # tags are mutable
    client.set_tag(run_id, "other", "x" * 5000)
    tags = client.get_run(run_id).data.tags
    assert tags["k"] == "v2" and tags["other"] == "x" * 5000
    client.delete_tag(run_id, "k")
    tags = client.get_run(run_id).data.tags
    assert "k" not in tags and "other" in tags
    with pytest.raises(MlflowException) as ei:
        client.delete_tag(run_id, "k")
    assert error_code(ei) == "RESOURCE_DOES_NOT_EXIST"


def test_update_run_status_and_name(client, run_id):
    client.update_run(run_id, name="renamed-run")
    run = client.get_run(run_id)
    assert run.info.run_name == "renamed-run"
    assert run.data.tags["mlflow.runName"] == "renamed-run"
    assert run.info.status == "RUNNING"
    client.update_run(run_id, status="KILLED")
    run = client.get_run(run_id)
    assert run.info.status == "KILLED" and run.info.run_name == "renamed-run"
    client.set_terminated(run_id, status="FINISHED", end_time=run.info.start_time + 1234)
    run = client.get_run(run_id)
    assert run.info.status == RunStatus.to_string(RunStatus.FINISHED)
    assert run.info.end_time == run.info.start_time + 1234


def test_delete_and_restore_run(client, exp_id, run_id):
    client.delete_run(run_id)
    run = client.get_run(run_id)  # deleted runs stay readable
    assert run.info.lifecycle_stage == "deleted"
    assert run_id not in [r.info.run_id for r in client.search_runs([exp_id])]
    deleted = client.search_runs([exp_id], run_view_type=ViewType.DELETED_ONLY)
    assert [r.info.run_id for r in deleted] == [run_id]
    with pytest.raises(MlflowException) as ei:
        client.log_metric(run_id, "m", 1.0)
    assert error_code(ei) == "INVALID_PARAMETER_VALUE"
    client.restore_run(run_id)
    assert client.get_run(run_id).info.lifecycle_stage == "active"
    assert [r.info.run_id for r in client.search_runs([exp_id])] == [run_id]
    client.log_metric(run_id, "m", 1.0)


def test_get_missing_run_is_resource_does_not_exist(client):
    with pytest.raises(RestException) as ei:
        client.get_run(uuid.uuid4().hex)
    assert error_code(ei) == "RESOURCE_DOES_NOT_EXIST"


@pytest.mark.parametrize("bad_key", ["../x", "a/../../b"])
def test_bad_metric_key_is_invalid_parameter_value(client, run_id, bad_key):
    with pytest.raises(MlflowException) as ei:
        client.log_metric(run_id, bad_key, 1.0)
    assert error_code(ei) == "INVALID_PARAMETER_VALUE"
    assert client.get_run(run_id).data.metrics == {}


# --------------------------------------------------------------------------- metric history


def test_long_metric_history_is_paged(client, run_id):
    """30k points: MlflowClient asks for pages of 25000 and follows next_page_token."""
    n, ts = 30_000, int(time.time() * 1000)
    client.log_batch(run_id, metrics=[Metric("long", i * 0.5, ts + i, i) for i in range(n)])
    history = client.get_metric_history(run_id, "long")
    assert len(history) == n
    assert sorted(m.step for m in history) == list(range(n))
    assert all(m.value == m.step * 0.5 and m.timestamp == ts + m.step for m in history)
    assert client.get_run(run_id).data.metrics["long"] == (n - 1) * 0.5


def _bulk_interval(client, run_ids, key, max_results, start_step=None, end_step=None):
    # MlflowClient 3.17 has no get_metric_history_bulk_interval and RestStore never calls
    # GetMetricHistoryBulkInterval (only the web UI does), so fall back to the same REST call
    # made with the client's own HTTP helper. Use the public method if a later client adds it.
    if hasattr(client, "get_metric_history_bulk_interval"):
        return [
            (m.run_id, m.step, m.value)
            for m in client.get_metric_history_bulk_interval(
                run_ids, key, start_step=start_step, end_step=end_step, max_results=max_results
            )
        ]
    from mlflow.utils.credentials import get_default_host_creds
    from mlflow.utils.rest_utils import http_request, verify_rest_response

    params = {"run_ids": run_ids, "metric_key": key, "max_results": max_results}
    if start_step is not None:
        params.update(start_step=start_step, end_step=end_step)
    endpoint = "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval"
    resp = http_request(get_default_host_creds(TRACKING_URI), endpoint, "GET", params=params)
    body = verify_rest_response(resp, endpoint).json()
    return [(m["run_id"], int(m["step"]), float(m["value"])) for m in body.get("metrics", [])]


def test_metric_history_bulk_interval(client, exp_id):
    ts = int(time.time() * 1000)
    long_run = client.create_run(exp_id).info.run_id
    short_run = client.create_run(exp_id).info.run_id
    client.log_batch(long_run, metrics=[Metric("curve", s * 2.0, ts, s) for s in range(100)])
    client.log_batch(short_run, metrics=[Metric("curve", -s, ts, s) for s in range(50)])

    full = _bulk_interval(client, [long_run, short_run], "curve", max_results=200)
    assert sorted(p for p in full if p[0] == long_run) == [(long_run, s, s * 2.0) for s in range(100)]
    assert sorted(p for p in full if p[0] == short_run) == [(short_run, s, -s) for s in range(50)]

    sampled = _bulk_interval(client, [long_run, short_run], "curve", max_results=10)
    for rid, last, value_of in ((long_run, 99, lambda s: s * 2.0), (short_run, 49, lambda s: -s)):
        steps = sorted(s for r, s, _ in sampled if r == rid)
        assert 2 <= len(steps) <= 12, steps  # about max_results, first and last step kept
        assert steps[0] == 0 and steps[-1] == last
        assert all(v == value_of(s) for r, s, v in sampled if r == rid)

    window = _bulk_interval(client, [long_run, short_run], "curve", 100, start_step=20, end_step=29)
    assert sorted(p for p in window if p[0] == long_run) == [(long_run, s, s * 2.0) for s in range(20, 30)]
    assert sorted(p for p in window if p[0] == short_run) == [(short_run, s, -s) for s in range(20, 30)]


# --------------------------------------------------------------------------- search runs

LOSSES = [0.9, 0.5, 0.3, 0.8, 0.2, 0.6]
LRS = ["0.1", "0.01", "0.001"]


@pytest.fixture
def trial_runs(client, exp_id):
    """Six runs with known params/metrics/tags; trial-5 is left RUNNING, the rest FINISHED."""
    start = int(time.time() * 1000) - 100_000
    ids = []
    for i, loss in enumerate(LOSSES):
        rid = client.create_run(exp_id, start_time=start + i * 1000, run_name=f"trial-{i}").info.run_id
        client.log_batch(
            rid,
            metrics=[Metric("loss", loss, start, 0), Metric("acc", round(1 - loss, 2), start, 0)],
            params=[Param("lr", LRS[i % 3]), Param("model", "cnn" if i < 3 else "mlp")],
            tags=[RunTag("team", "a" if i % 2 == 0 else "b")],
        )
        if i != 5:
            client.set_terminated(rid)
        ids.append(rid)
    return exp_id, ids


@pytest.mark.parametrize(
    "filter_string, expected",
    [
        ("metrics.loss < 0.55", {1, 2, 4}),
        ("metrics.acc >= 0.7", {2, 4}),
        ("params.lr = '0.01'", {1, 4}),
        ("params.model != 'cnn'", {3, 4, 5}),
        ("tags.team = 'a'", {0, 2, 4}),
        ("attributes.status = 'RUNNING'", {5}),
        ("attributes.run_name = 'trial-3'", {3}),
        ("run_name LIKE 'trial-%'", {0, 1, 2, 3, 4, 5}),
        ("metrics.loss >= 0.5 AND params.model = 'mlp'", {3, 5}),
        ("tags.team = 'b' AND metrics.acc > 0.3 AND attributes.status != 'FINISHED'", {5}),
        ("tags.team = 'b' AND metrics.acc > 0.3", {1, 5}),
        ("params.lr LIKE '0.0%'", {1, 2, 4, 5}),
        ("", {0, 1, 2, 3, 4, 5}),
    ],
)
def test_search_runs_filters(client, trial_runs, filter_string, expected):
    exp_id, ids = trial_runs
    found = client.search_runs([exp_id], filter_string=filter_string)
    assert {ids.index(r.info.run_id) for r in found} == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize(
    "order_by, expected",
    [
        (["metrics.loss ASC"], [4, 2, 1, 5, 3, 0]),
        (["metrics.loss DESC"], [0, 3, 5, 1, 2, 4]),
        (["params.lr ASC", "metrics.loss DESC"], [5, 2, 1, 4, 0, 3]),
        (["attributes.start_time DESC"], [5, 4, 3, 2, 1, 0]),
        (["attributes.run_name ASC"], [0, 1, 2, 3, 4, 5]),
    ],
)
def test_search_runs_order_by(client, trial_runs, order_by, expected):
    exp_id, ids = trial_runs
    found = client.search_runs([exp_id], order_by=order_by)
    assert [ids.index(r.info.run_id) for r in found] == expected


def test_search_runs_returns_full_run_data(client, trial_runs):
    exp_id, ids = trial_runs
    (best,) = client.search_runs([exp_id], order_by=["metrics.acc DESC"], max_results=1)
    assert best.info.run_id == ids[4] and best.info.run_name == "trial-4"
    assert best.data.metrics == {"loss": 0.2, "acc": 0.8}
    assert best.data.params == {"lr": "0.01", "model": "mlp"}
    assert best.data.tags["team"] == "a"
    fluent = mlflow.search_runs([exp_id], filter_string="params.lr = '0.1'", output_format="list")
    assert {r.info.run_id for r in fluent} == {ids[0], ids[3]}


def test_search_runs_across_experiments(client, trial_runs):
    exp_id, ids = trial_runs
    other = client.create_experiment(uniq("other"))
    other_run = client.create_run(other).info.run_id
    client.log_metric(other_run, "loss", 0.1)
    found = client.search_runs([exp_id, other], order_by=["metrics.loss ASC"], max_results=2)
    assert [r.info.run_id for r in found] == [other_run, ids[4]]


def test_search_runs_paging(client, exp_id):
    start = int(time.time() * 1000) - 100_000
    created = [client.create_run(exp_id, start_time=start + i).info.run_id for i in range(7)]
    seen, sizes, token = [], [], None
    while True:
        page = client.search_runs(
            [exp_id], max_results=3, order_by=["attributes.start_time ASC"], page_token=token
        )
        sizes.append(len(page))
        seen += [r.info.run_id for r in page]
        token = page.token
        if not token:
            break
        assert len(sizes) < 10, "paging does not terminate"
    assert sizes == [3, 3, 1]
    assert seen == created  # every run exactly once, in order


# --------------------------------------------------------------------------- inputs


def test_log_inputs(client, run_id):
    train = Dataset(
        name="train-set",
        digest="d1g357",
        source_type="http",
        source=json.dumps({"url": "https://example.com/train.csv"}),
        schema=json.dumps({"mlflow_colspec": [{"name": "x", "type": "double"}]}),
        profile=json.dumps({"num_rows": 100}),
    )
    evaluation = Dataset(name="eval-set", digest="e7a1", source_type="local", source="{}")
    client.log_inputs(run_id, [
        DatasetInput(train, tags=[InputTag("mlflow.data.context", "training")]),
        DatasetInput(evaluation, tags=[InputTag("mlflow.data.context", "evaluation")]),
    ])
    inputs = {d.dataset.name: d for d in client.get_run(run_id).inputs.dataset_inputs}
    assert set(inputs) == {"train-set", "eval-set"}
    got = inputs["train-set"].dataset
    assert (got.digest, got.source_type, got.source, got.schema, got.profile) == (
        train.digest, train.source_type, train.source, train.schema, train.profile
    )
    assert {t.key: t.value for t in inputs["train-set"].tags} == {"mlflow.data.context": "training"}
    assert {t.key: t.value for t in inputs["eval-set"].tags} == {"mlflow.data.context": "evaluation"}


# --------------------------------------------------------------------------- artifacts


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def test_log_artifact_list_and_download(client, run_id, tmp_path):
    assert client.list_artifacts(run_id) == []
    payload = os.urandom(200_000)
    (tmp_path / "model.bin").write_bytes(payload)
    (tmp_path / "notes.txt").write_text("hello artifacts\n")
    client.log_artifact(run_id, str(tmp_path / "model.bin"))
    client.log_artifact(run_id, str(tmp_path / "notes.txt"), artifact_path="docs")

    root = {f.path: f for f in client.list_artifacts(run_id)}
    assert set(root) == {"model.bin", "docs"}
    assert not root["model.bin"].is_dir and root["model.bin"].file_size == len(payload)
    assert root["docs"].is_dir
    docs = client.list_artifacts(run_id, "docs")
    assert [(f.path, f.is_dir, f.file_size) for f in docs] == [("docs/notes.txt", False, 16)]

    dst = tmp_path / "dl"
    dst.mkdir()
    local = client.download_artifacts(run_id, "model.bin", str(dst))
    assert _read(local) == payload
    local = client.download_artifacts(run_id, "docs/notes.txt", str(dst))
    assert _read(local) == b"hello artifacts\n"


def test_log_artifacts_directory_with_nested_subdirs(client, run_id, tmp_path):
    src = tmp_path / "bundle"
    (src / "nested" / "deeper").mkdir(parents=True)
    files = {
        "a.txt": b"top level\n",
        "nested/b.bin": os.urandom(4096),
        "nested/deeper/c.json": json.dumps({"k": [1, 2, 3]}).encode(),
    }
    for rel, data in files.items():
        (src / rel).write_bytes(data)
    client.log_artifacts(run_id, str(src), artifact_path="bundle")

    assert [(f.path, f.is_dir) for f in client.list_artifacts(run_id)] == [("bundle", True)]
    assert [(f.path, f.is_dir) for f in client.list_artifacts(run_id, "bundle")] == [
        ("bundle/a.txt", False), ("bundle/nested", True)
    ]
    nested = {f.path: f for f in client.list_artifacts(run_id, "bundle/nested")}
    assert set(nested) == {"bundle/nested/b.bin", "bundle/nested/deeper"}
    assert nested["bundle/nested/b.bin"].file_size == 4096 and nested["bundle/nested/deeper"].is_dir

    dst = tmp_path / "dl"
    dst.mkdir()
    local_dir = client.download_artifacts(run_id, "bundle", str(dst))
    for rel, data in files.items():
        assert _read(os.path.join(local_dir, rel)) == data, rel


def test_log_text_and_dict(client, exp_id, tmp_path):
    with mlflow.start_run(experiment_id=exp_id) as run:
        mlflow.log_text("line one\nline two\n", "reports/summary.txt")
        mlflow.log_dict({"best": {"lr": 0.01}, "nan": "ok"}, "summary.json")
    rid = run.info.run_id
    assert {f.path for f in client.list_artifacts(rid)} == {"reports", "summary.json"}
    assert mlflow.artifacts.load_text(f"runs:/{rid}/reports/summary.txt") == "line one\nline two\n"
    assert mlflow.artifacts.load_dict(f"runs:/{rid}/summary.json") == {"best": {"lr": 0.01}, "nan": "ok"}
