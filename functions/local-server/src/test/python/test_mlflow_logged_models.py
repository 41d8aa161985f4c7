"""MLflow 3 logged models through the official client: log_model of a pyfunc PythonModel inside a run, load it
back by models:/<model_id> and by runs:/<run_id>/model, and the logged-model client calls around it.

Runs against the server named by MLFLOW_TRACKING_URI, like test_mlflow_client.py (whose conftest-free setup this
repeats). On the AWS backend the model's files go to s3:// directly from the client (MLFLOW_S3_ENDPOINT_URL points
it at the emulator); on the local backend they go through the server's mlflow-artifacts proxy.
"""

import os
import uuid

import pytest

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "")
if not TRACKING_URI.startswith(("http://", "https://")):
    pytest.exit("MLFLOW_TRACKING_URI must point at the tracking server under test", returncode=2)

os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "60")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")

import mlflow  # noqa: E402
import mlflow.pyfunc  # noqa: E402  (needs numpy and pandas: scripts/python-requirements.txt)
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import LoggedModelStatus  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

SUITE = f"lm-{uuid.uuid4().hex[:8]}"


class AddN(mlflow.pyfunc.PythonModel):
    """Adds a fixed number to every value: small, deterministic, and needs nothing beyond pyfunc itself."""

    def __init__(self, n):
        self.n = n

    def predict(self, context, model_input, params=None):
        return [value + self.n for value in model_input]


@pytest.fixture(scope="module")
def client():
    mlflow.set_tracking_uri(TRACKING_URI)
    return MlflowClient(tracking_uri=TRACKING_URI)


@pytest.fixture
def experiment_id(client):
    experiment_id = client.create_experiment(f"{SUITE}-{uuid.uuid4().hex[:8]}")
    mlflow.set_experiment(experiment_id=experiment_id)
    yield experiment_id
    while mlflow.active_run() is not None:
        mlflow.end_run()


def log_add_n(n, **kwargs):
    return mlflow.pyfunc.log_model(name="model", python_model=AddN(n), pip_requirements=[], **kwargs)


def test_log_model_in_a_run_loads_back_by_model_id_and_by_run(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.log_param("n", "3")
        info = log_add_n(3)

    assert info.model_id.startswith("m-")
    assert info.model_uri == f"models:/{info.model_id}"

    by_id = mlflow.pyfunc.load_model(f"models:/{info.model_id}")
    by_run = mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/model")

    assert list(by_id.predict([1, 2])) == [4, 5]
    assert list(by_run.predict([10])) == [13]
    assert by_id.metadata.model_id == info.model_id


def test_logged_model_is_ready_with_run_params_and_artifact_location(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.log_params({"alpha": "0.5", "layers": "2"})
        info = log_add_n(1, model_type="adder")

    model = client.get_logged_model(info.model_id)

    assert model.status == LoggedModelStatus.READY
    assert model.name == "model"
    assert model.model_type == "adder"
    assert model.experiment_id == experiment_id
    assert model.source_run_id == run.info.run_id
    assert model.params == {"alpha": "0.5", "layers": "2"}
    experiment_location = client.get_experiment(experiment_id).artifact_location
    assert model.artifact_location == f"{experiment_location}/models/{info.model_id}/artifacts"
    assert "MLmodel" in {f.path for f in mlflow.artifacts.list_artifacts(f"models:/{info.model_id}")}


def test_search_logged_models_filters_by_name_tag_and_run(client, experiment_id):
    with mlflow.start_run() as run:
        first = log_add_n(1)
        second = mlflow.pyfunc.log_model(name="other", python_model=AddN(2), pip_requirements=[])
    client.set_logged_model_tags(first.model_id, {"stage": "candidate", "owner": "ml"})

    by_name = client.search_logged_models([experiment_id], filter_string="name = 'model'")
    tagged = client.search_logged_models([experiment_id], filter_string="tags.stage = 'candidate'")
    of_run = mlflow.search_logged_models(
        experiment_ids=[experiment_id],
        filter_string=f"source_run_id = '{run.info.run_id}'",
        order_by=[{"field_name": "name", "ascending": True}],
        output_format="list",
    )

    assert [m.model_id for m in by_name] == [first.model_id]
    assert [m.model_id for m in tagged] == [first.model_id]
    assert [m.name for m in of_run] == ["model", "other"]
    assert {m.model_id for m in of_run} == {first.model_id, second.model_id}
    assert client.get_logged_model(first.model_id).tags["owner"] == "ml"


def test_tags_set_and_delete_and_model_delete(client, experiment_id):
    with mlflow.start_run():
        info = log_add_n(5)
    client.set_logged_model_tags(info.model_id, {"a": "1", "b": "2"})

    client.delete_logged_model_tag(info.model_id, "a")
    tags = client.get_logged_model(info.model_id).tags
    client.delete_logged_model(info.model_id)

    assert tags["b"] == "2" and "a" not in tags
    with pytest.raises(MlflowException) as missing:
        client.get_logged_model(info.model_id)
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert client.search_logged_models([experiment_id]).to_list() == []


def test_log_model_without_a_run_and_finalize_states(client, experiment_id):
    info = log_add_n(7)
    pending = mlflow.initialize_logged_model(name="manual", experiment_id=experiment_id)

    failed = client.finalize_logged_model(pending.model_id, LoggedModelStatus.FAILED)

    assert not client.get_logged_model(info.model_id).source_run_id  # unset proto string reads as ""
    assert list(mlflow.pyfunc.load_model(info.model_uri).predict([0])) == [7]
    assert pending.status == LoggedModelStatus.PENDING
    assert failed.status == LoggedModelStatus.FAILED


def test_unknown_model_id_is_resource_does_not_exist(client):
    with pytest.raises(MlflowException) as missing:
        mlflow.pyfunc.load_model(f"models:/m-{uuid.uuid4().hex}")
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_log_model_with_registered_model_name_loads_by_version_and_by_alias(client, experiment_id):
    name = f"{SUITE}-reg-{uuid.uuid4().hex[:6]}"
    with mlflow.start_run():
        mlflow.log_metric("accuracy", 0.93)
        first = log_add_n(1, registered_model_name=name)
    with mlflow.start_run():
        second = log_add_n(2, registered_model_name=name)

    assert str(first.registered_model_version) == "1"
    assert str(second.registered_model_version) == "2"
    client.set_registered_model_alias(name, "champion", "1")

    assert list(mlflow.pyfunc.load_model(f"models:/{name}/2").predict([0])) == [2]
    assert list(mlflow.pyfunc.load_model(f"models:/{name}@champion").predict([0])) == [1]
    version = client.get_model_version(name, "1")
    assert version.source == f"models:/{first.model_id}"
    assert version.status == "READY"
    assert version.tags["mlops.metric.accuracy"] == "0.93"
    assert len(version.tags["mlops.sha256"]) == 64
    assert version.tags["mlops.framework"] == "python_function"
