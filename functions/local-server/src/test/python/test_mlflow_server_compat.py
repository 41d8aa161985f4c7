"""Behaviour MLflow's own server tests expect (tests/tracking/test_rest_tracking.py, test_model_registry.py,
test_mlflow_artifacts.py), written as our own tests: the official client plus raw REST calls where the client
would hide the answer. Runs against MLFLOW_TRACKING_URI on either backend; every name is unique, so reruns are safe.
"""

import os
import uuid

import mlflow
import pytest
import requests
from conftest import TRACKING_URI
from mlflow import MlflowClient
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric
from mlflow.entities.logged_model_output import LoggedModelOutput
from mlflow.exceptions import MlflowException
from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository

SUITE = f"compat-{uuid.uuid4().hex[:8]}"
API = f"{TRACKING_URI}/api/2.0/mlflow"
AJAX = f"{TRACKING_URI}/ajax-api/2.0/mlflow"


def uniq(label):
    return f"{SUITE}-{label}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def client():
    mlflow.set_tracking_uri(TRACKING_URI)
    return MlflowClient(tracking_uri=TRACKING_URI)


@pytest.fixture
def run_id(client):
    return client.create_run(client.create_experiment(uniq("exp"))).info.run_id


def bad_request(path, payload, expected):
    answer = requests.post(f"{API}/{path}", json=payload)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert expected in answer.json()["message"], answer.json()["message"]
    return answer.json()["message"]


# --------------------------------------------------------------------------- one run, one version per call


def test_identical_create_run_calls_make_distinct_runs(client):
    exp_id = client.create_experiment(uniq("exp"))
    runs = sorted(client.create_run(exp_id, start_time=1).info.run_id for _ in range(5))
    assert len(set(runs)) == 5
    first = client.search_runs([exp_id], max_results=3)
    second = client.search_runs([exp_id], max_results=3, page_token=first.token)
    assert sorted(r.info.run_id for r in list(first) + list(second)) == runs


def test_create_run_with_an_idempotency_key_is_safe_to_retry(client):
    exp_id = client.create_experiment(uniq("exp"))
    body = {"experiment_id": exp_id, "start_time": 1}
    headers = {"Idempotency-Key": uniq("job")}
    first = requests.post(f"{API}/runs/create", json=body, headers=headers).json()["run"]["info"]["run_id"]
    retry = requests.post(f"{API}/runs/create", json=body, headers=headers).json()["run"]["info"]["run_id"]
    assert first == retry


def test_create_run_without_an_experiment_is_refused():
    assert requests.post(f"{API}/runs/create", data=b"").status_code == 400
    bad_request("runs/create", {}, "Missing value for required parameter 'experiment_id'.")


def test_registering_one_run_source_twice_numbers_both(client, run_id):
    name = uniq("model")
    client.create_registered_model(name)
    first = client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id)
    second = client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id)
    assert (first.version, second.version) == ("1", "2")
    assert first.status == "READY"
    assert first.tags["mlops.integrity"] == "unverified"  # nothing was logged under model/


# --------------------------------------------------------------------------- model version sources


def test_sources_mlflow_accepts_register_ready(client, run_id):
    name = uniq("ok")
    client.create_registered_model(name)
    run = client.get_run(run_id)
    accepted = [
        (f"runs:/{run_id}/model", {"run_id": run_id}),
        ("runs:/0a1b2c3d/model", {"run_id": "0a1b2c3d"}),
        (f"{run.info.artifact_uri}/model", {"run_id": run_id}),
        ("s3://some-bucket/models/artifact/..../", {}),
        ("dbfs:/databricks/mlflow/model", {}),
    ]
    for source, ids in accepted:
        assert client.create_model_version(name, source, **ids).status == "READY", source
    assert client.create_model_version(name, f"models:/{name}/1").source == f"models:/{name}/1"


@pytest.mark.parametrize(
    "source, with_run, message",
    [
        ("runs:/{run}/model", False, "The run_id request parameter must identify the resource"),
        ("/etc/passwd", True, "To use a local path as a model version source"),
        ("file:///etc/passwd", True, "To use a local path as a model version source"),
        ("../../etc/passwd", False, "To use a local path as a model version source"),
        ("s3a://bucket/api/2.0/mlflow-artifacts/artifacts/../../../", False, "an absolute path must be provided"),
        ("mlflow-artifacts:/models/..%2f..%2fartifacts", True, "an absolute path must be provided"),
        ("http://host:9000/models", True, "cannot use the 'http' scheme"),
        ("mlflow-artifacts:/elsewhere/model", True, "The run_id request parameter must identify the resource"),
    ],
)
def test_sources_mlflow_refuses_register_nothing(client, run_id, source, with_run, message):
    name = uniq("bad")
    client.create_registered_model(name)
    payload = {"name": name, "source": source.replace("{run}", run_id)}
    if with_run:
        payload["run_id"] = run_id
    bad_request("model-versions/create", payload, message)
    payload["run_id"] = "0123456789abcdef"
    assert requests.post(f"{API}/model-versions/create", json=payload).status_code == 400
    assert client.search_model_versions(f"name = '{name}'") == []


def test_integrity_is_verified_when_the_files_were_read(client, run_id, tmp_path):
    (tmp_path / "model.bin").write_bytes(b"weights")
    client.log_artifact(run_id, str(tmp_path / "model.bin"), artifact_path="model")
    name = uniq("verified")
    client.create_registered_model(name)
    mv = client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id)
    assert mv.tags["mlops.integrity"] == "verified"
    assert "mlops.sha256" in mv.tags


# --------------------------------------------------------------------------- MLflow's wording


def test_wrong_types_and_missing_fields_answer_in_mlflows_words(run_id):
    bad_request("experiments/create", {"name": 123}, "Invalid value 123 for parameter 'name'")
    bad_request("experiments/create", {}, "Missing value for required parameter 'name'.")
    bad_request("experiments/create", {"name": "n", "artifact_location": 9.0},
                "Invalid value 9.0 for parameter 'artifact_location'")
    bad_request("experiments/create", {"name": "n", "tags": "5"}, "Invalid value \"5\" for parameter 'tags'")
    bad_request("runs/log-metric", {"run_id": 31, "key": "m", "value": 1, "timestamp": 1},
                "Invalid value 31 for parameter 'run_id' supplied")
    bad_request("runs/log-metric", {"run_id": run_id, "key": "m", "value": 1, "timestamp": "foo"},
                "Invalid value \"foo\" for parameter 'timestamp' supplied")
    bad_request("runs/log-metric", {"run_id": None, "key": "m", "value": 1, "timestamp": 1},
                "Missing value for required parameter 'run_id'")
    bad_request("runs/set-tag", {"run_id": run_id, "key": "k", "value": 41},
                "Invalid value 41 for parameter 'value' supplied")
    bad_request("runs/log-batch", {"run_id": run_id, "metrics": [{"key": "m", "value": 2.5}]},
                "Missing value for required parameter 'metrics[0].timestamp'")
    message = bad_request("runs/log-parameter", {"run_id": run_id, "key": ["x"], "value": "v"}, "'key'")
    assert "java" not in message and "coerce" not in message
    bulk = requests.get(f"{AJAX}/metrics/get-history-bulk-interval", params={"metric_key": "m"})
    assert bulk.json()["message"] == "Missing value for required parameter 'run_ids'."


def test_empty_param_value_is_stored(client, run_id):
    client.log_param(run_id, "empty", "")
    assert client.get_run(run_id).data.params["empty"] == ""


def test_relative_artifact_location_becomes_absolute(client):
    exp = client.get_experiment(client.create_experiment(uniq("rel"), artifact_location="my_location"))
    assert os.path.isabs(exp.artifact_location)
    assert exp.artifact_location.endswith("/my_location")


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("key", ["a//b", "a/./b", "a/", "/a", "a/../b"])
def test_keys_that_are_not_normalised_paths_are_refused(client, run_id, key):
    with pytest.raises(MlflowException, match="Invalid value"):
        client.log_metric(run_id, key, 1.0)
    with pytest.raises(MlflowException):
        client.log_param(run_id, key, "v")
    with pytest.raises(MlflowException):
        client.set_tag(run_id, key, "v")
    data = client.get_run(run_id).data
    assert data.metrics == {} and data.params == {}


def test_negative_metric_timestamps_are_refused(client, run_id):
    with pytest.raises(MlflowException, match="Timestamp must be a nonnegative long"):
        client.log_metric(run_id, "m", 1.0, timestamp=-1)
    assert client.get_metric_history(run_id, "m") == []


@pytest.mark.parametrize("name", [" ", ".", "..", "a:b"])
def test_registered_model_names_mlflow_refuses(client, name):
    with pytest.raises(MlflowException):
        client.create_registered_model(name)


def test_a_stage_with_stray_whitespace_is_no_stage(client):
    name = uniq("stage")
    client.create_registered_model(name)
    client.create_model_version(name, "s3://bucket/model")
    with pytest.raises(MlflowException, match="Invalid Model Version stage"):
        client.transition_model_version_stage(name, "1", "Production ")
    assert client.get_model_version(name, "1").current_stage == "None"


def test_hostile_artifact_paths_answer_json_4xx(client, run_id, tmp_path):
    (tmp_path / "a.txt").write_text("x")
    client.log_artifact(run_id, str(tmp_path / "a.txt"))
    listing = requests.get(f"{API}/artifacts/list", params={"run_id": run_id, "path": "../path"})
    assert (listing.status_code, listing.json()["message"]) == (400, "Invalid path")
    long_path = f"{TRACKING_URI}/api/2.0/mlflow-artifacts/artifacts/0/{'d/' * 5000}f"
    answer = requests.get(long_path)
    assert answer.status_code == 400 and answer.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    below = requests.post(f"{AJAX}/upload-artifact", params={"run_uuid": run_id, "path": "a.txt/below"}, data=b"x")
    # a file system cannot hold a file below a file (a JSON 400); an object store can (200): never a 5xx
    assert below.status_code == 200 or (below.status_code == 400 and below.json()["message"].startswith("Invalid"))
    long_name = requests.post(f"{AJAX}/upload-artifact", params={"run_uuid": run_id, "path": "n" * 300},
                              data=b"x")
    assert long_name.status_code == 400 and long_name.json()["message"].startswith("Invalid path")


# --------------------------------------------------------------------------- routes the UI uses


def test_ui_routes_history_bulk_datasets_and_upload(client):
    exp_id = client.create_experiment(uniq("exp"))
    runs = sorted(client.create_run(exp_id).info.run_id for _ in range(2))
    for rid in runs:
        client.log_batch(rid, metrics=[Metric("m", 2.0, 2, 3), Metric("m", 1.0, 1, 7)])
    client.log_inputs(runs[0], [DatasetInput(Dataset("iris", "d1", "local", "{}"),
                                             [InputTag("mlflow.data.context", "training")])])

    bulk = requests.get(f"{AJAX}/metrics/get-history-bulk", params={"run_id": runs[::-1], "metric_key": "m"})
    assert [(m["run_id"], m["timestamp"]) for m in bulk.json()["metrics"]] == [
        (runs[0], 1), (runs[0], 2), (runs[1], 1), (runs[1], 2)]
    datasets = requests.post(f"{AJAX}/experiments/search-datasets", json={"experiment_ids": [exp_id]})
    assert datasets.json()["dataset_summaries"] == [
        {"experiment_id": exp_id, "name": "iris", "digest": "d1", "context": "training"}]

    upload = requests.post(f"{AJAX}/upload-artifact", params={"run_uuid": runs[0], "path": "notes/hi.txt"},
                           data=b"hello world")
    assert upload.status_code == 200
    assert [f.path for f in client.list_artifacts(runs[0], "notes")] == ["notes/hi.txt"]
    missing = requests.post(f"{AJAX}/upload-artifact", params={"run_uuid": runs[0]})
    assert missing.json()["message"] == "Request must specify path."


# --------------------------------------------------------------------------- logged-model links


def test_metrics_logged_against_a_model_show_on_it(client, run_id):
    exp_id = client.get_run(run_id).info.experiment_id
    model = client.create_logged_model(exp_id)
    other = client.create_logged_model(exp_id)
    client.log_metric(run_id, "metric", 0.5, timestamp=123456789, step=1, dataset_name="name",
                      dataset_digest="digest", model_id=model.model_id)

    assert client.get_logged_model(model.model_id).metrics == [
        Metric(key="metric", value=0.5, timestamp=123456789, step=1, model_id=model.model_id,
               dataset_name="name", dataset_digest="digest", run_id=run_id)]
    found = client.search_logged_models(experiment_ids=[exp_id],
                                        datasets=[{"dataset_name": "name", "dataset_digest": "digest"}])
    assert [m.model_id for m in found] == [model.model_id]
    assert other.model_id not in [m.model_id for m in found]


def test_run_outputs_are_recorded(client, run_id):
    model = client.create_logged_model(client.get_run(run_id).info.experiment_id)
    client.log_outputs(run_id, [LoggedModelOutput(model.model_id, 1)])
    assert client.get_run(run_id).outputs.model_outputs == [LoggedModelOutput(model.model_id, 1)]


def test_logged_model_files_are_served(client, tmp_path):
    model = client.create_logged_model(client.create_experiment(uniq("exp")))
    (tmp_path / "MLmodel").write_text(f"model_id: {model.model_id}\n")
    get_artifact_repository(model.artifact_location).log_artifact(str(tmp_path / "MLmodel"))

    answer = requests.get(f"{AJAX}/logged-models/{model.model_id}/artifacts/files",
                          params={"artifact_file_path": "MLmodel"})
    assert answer.status_code == 200
    assert model.model_id in answer.text
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
