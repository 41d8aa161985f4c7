"""Model registry compatibility: drives the server's registry with the official MLflow client only.

Runs in the same pytest session as test_mlflow_client.py, against MLFLOW_TRACKING_URI. Every test uses uniquely
named models, so the suite can be rerun against the same data dir.
"""

import hashlib
import os
import uuid
import warnings

import pytest

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "")
if not TRACKING_URI.startswith(("http://", "https://")):
    pytest.exit("MLFLOW_TRACKING_URI must point at the server under test", returncode=2)
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

SUITE = f"reg-{uuid.uuid4().hex[:8]}"
MLMODEL = """artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
    python_version: 3.11.4
  sklearn:
    pickled_model: model.pkl
    sklearn_version: 1.5.0
mlflow_version: 3.1.0
"""
WEIGHTS = b"\x00pretend-pickle\x01" * 64


def uniq(label):
    return f"{SUITE}-{label}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def client():
    mlflow.set_tracking_uri(TRACKING_URI)
    return MlflowClient(tracking_uri=TRACKING_URI)


@pytest.fixture
def model_name(client):
    name = uniq("model")
    client.create_registered_model(name)
    return name


@pytest.fixture
def trained_run(client, tmp_path):
    """A run with a param, a metric and a model directory (MLmodel + weights) under artifacts/model."""
    exp_id = client.create_experiment(uniq("exp"))
    run_id = client.create_run(exp_id).info.run_id
    client.log_param(run_id, "depth", "7")
    client.log_metric(run_id, "accuracy", 0.93)
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "MLmodel").write_text(MLMODEL)
    (model_dir / "model.pkl").write_bytes(WEIGHTS)
    client.log_artifacts(run_id, str(model_dir), artifact_path="model")
    client.set_terminated(run_id)
    return run_id


def expected_manifest_digest():
    lines = [
        f"{hashlib.sha256(MLMODEL.encode()).hexdigest()}  MLmodel\n",
        f"{hashlib.sha256(WEIGHTS).hexdigest()}  model.pkl\n",
    ]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def new_version(client, name, source="s3://elsewhere/model", **kwargs):
    return client.create_model_version(name, source, **kwargs)


# --------------------------------------------------------------------------- registered models


def test_registered_model_lifecycle(client):
    name = uniq("life")
    created = client.create_registered_model(name, tags={"team": "ml"}, description="first")
    assert created.name == name and created.description == "first"
    assert created.creation_timestamp > 1_600_000_000_000

    client.update_registered_model(name, description="second")
    client.set_registered_model_tag(name, "stage", "beta")
    client.delete_registered_model_tag(name, "team")
    fetched = client.get_registered_model(name)
    assert fetched.description == "second"
    assert fetched.tags == {"stage": "beta"}

    client.rename_registered_model(name, name + "-renamed")
    assert client.get_registered_model(name + "-renamed").tags == {"stage": "beta"}
    with pytest.raises(MlflowException) as ei:
        client.get_registered_model(name)
    assert ei.value.error_code == "RESOURCE_DOES_NOT_EXIST"

    client.delete_registered_model(name + "-renamed")
    with pytest.raises(MlflowException) as ei:
        client.get_registered_model(name + "-renamed")
    assert ei.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_duplicate_model_is_resource_already_exists(client, model_name):
    with pytest.raises(MlflowException) as ei:
        client.create_registered_model(model_name)
    assert ei.value.error_code == "RESOURCE_ALREADY_EXISTS"


def test_search_registered_models_filter_order_and_paging(client):
    prefix = uniq("search")
    for suffix, team in [("b", "red"), ("a", "red"), ("c", "blue")]:
        client.create_registered_model(prefix + suffix, tags={"team": team})

    names = [m.name for m in client.search_registered_models(filter_string=f"name LIKE '{prefix}%'")]
    assert names == [prefix + "a", prefix + "b", prefix + "c"]
    red = client.search_registered_models(
        filter_string=f"name LIKE '{prefix}%' AND tags.team = 'red'", order_by=["name DESC"]
    )
    assert [m.name for m in red] == [prefix + "b", prefix + "a"]

    first = client.search_registered_models(filter_string=f"name LIKE '{prefix}%'", max_results=2)
    assert len(first) == 2 and first.token
    second = client.search_registered_models(
        filter_string=f"name LIKE '{prefix}%'", max_results=2, page_token=first.token
    )
    assert [m.name for m in second] == [prefix + "c"] and not second.token


# --------------------------------------------------------------------------- versions


def test_create_model_version_from_run_artifacts_seeds_metadata(client, model_name, trained_run):
    mv = client.create_model_version(model_name, f"runs:/{trained_run}/model", run_id=trained_run)
    assert mv.version == "1"
    assert mv.status == "READY"
    assert mv.current_stage == "None"
    assert mv.run_id == trained_run
    assert mv.tags["mlops.framework"] == "sklearn"
    assert mv.tags["mlops.artifact_type"] == "mlflow-model"
    assert mv.tags["mlops.sha256"] == expected_manifest_digest()
    assert mv.tags["mlops.size_bytes"] == str(len(MLMODEL.encode()) + len(WEIGHTS))
    assert mv.tags["mlops.param.depth"] == "7"
    assert float(mv.tags["mlops.metric.accuracy"]) == pytest.approx(0.93)

    uri = client.get_model_version_download_uri(model_name, "1")
    assert uri.endswith(f"{trained_run}/artifacts/model")
    assert client.get_registered_model(model_name).latest_versions[0].version == "1"


def test_models_uri_downloads_the_registered_files(client, model_name, trained_run, tmp_path):
    client.create_model_version(model_name, f"runs:/{trained_run}/model", run_id=trained_run)
    local = mlflow.artifacts.download_artifacts(f"models:/{model_name}/1", dst_path=str(tmp_path / "dl"))
    assert open(os.path.join(local, "model.pkl"), "rb").read() == WEIGHTS
    assert "sklearn:" in open(os.path.join(local, "MLmodel")).read()


def test_registering_the_same_source_again_gives_a_new_version(client, model_name):
    first = new_version(client, model_name, description="one")
    again = new_version(client, model_name, description="one")
    assert (first.version, again.version) == ("1", "2")


def test_update_and_delete_model_version(client, model_name):
    new_version(client, model_name, description="a")
    new_version(client, model_name, description="b")
    client.update_model_version(model_name, "1", description="better")
    assert client.get_model_version(model_name, "1").description == "better"

    client.delete_model_version(model_name, "1")
    with pytest.raises(MlflowException) as ei:
        client.get_model_version(model_name, "1")
    assert ei.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert new_version(client, model_name, description="c").version == "3"  # numbers are never reused


def test_model_version_tags_and_reserved_keys(client, model_name):
    new_version(client, model_name)
    client.set_model_version_tag(model_name, "1", "approved", "true")
    assert client.get_model_version(model_name, "1").tags["approved"] == "true"
    client.delete_model_version_tag(model_name, "1", "approved")
    assert "approved" not in client.get_model_version(model_name, "1").tags

    with pytest.raises(MlflowException) as ei:
        client.set_model_version_tag(model_name, "1", "mlops.sha256", "forged")
    assert ei.value.error_code == "INVALID_PARAMETER_VALUE"
    with pytest.raises(MlflowException) as ei:
        client.set_registered_model_tag(model_name, "mlops.owner", "me")
    assert ei.value.error_code == "INVALID_PARAMETER_VALUE"


def test_aliases(client, model_name):
    new_version(client, model_name, description="v1")
    new_version(client, model_name, description="v2")
    client.set_registered_model_alias(model_name, "champion", "2")
    client.set_registered_model_alias(model_name, "challenger", 1)

    assert client.get_model_version_by_alias(model_name, "champion").version == "2"
    assert client.get_model_version(model_name, "2").aliases == ["champion"]
    assert client.get_registered_model(model_name).aliases == {"champion": "2", "challenger": "1"}

    with pytest.raises(MlflowException) as ei:
        client.set_registered_model_alias(model_name, "latest", "1")
    assert ei.value.error_code == "INVALID_PARAMETER_VALUE"
    with pytest.raises(MlflowException) as ei:
        client.set_registered_model_alias(model_name, "v3", "1")
    assert ei.value.error_code == "INVALID_PARAMETER_VALUE"

    client.delete_registered_model_alias(model_name, "champion")
    with pytest.raises(MlflowException) as ei:
        client.get_model_version_by_alias(model_name, "champion")
    assert ei.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_transition_stage_with_archive_existing_versions(client, model_name):
    for i in range(3):
        new_version(client, model_name, description=f"v{i}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stages are deprecated in MLflow 3 but still served
        client.transition_model_version_stage(model_name, "1", "Production")
        client.transition_model_version_stage(model_name, "2", "Staging")
        moved = client.transition_model_version_stage(
            model_name, "3", "Production", archive_existing_versions=True
        )
        assert moved.current_stage == "Production"
        assert client.get_model_version(model_name, "1").current_stage == "Archived"
        assert client.get_model_version(model_name, "2").current_stage == "Staging"
        latest = client.get_latest_versions(model_name, stages=["Production"])
        assert [v.version for v in latest] == ["3"]
        everything = {v.current_stage: v.version for v in client.get_latest_versions(model_name)}
        assert everything == {"Production": "3", "Staging": "2", "Archived": "1"}


def test_search_model_versions(client, model_name, trained_run):
    client.create_model_version(model_name, f"runs:/{trained_run}/model", run_id=trained_run)
    new_version(client, model_name, tags={"mlops.framework": "onnx"})
    new_version(client, model_name, source="s3://elsewhere/other")

    sklearn = client.search_model_versions(
        f"name = '{model_name}' AND tags.`mlops.framework` = 'sklearn'"
    )
    assert [v.version for v in sklearn] == ["1"]
    onnx = client.search_model_versions(f"name = '{model_name}' AND tags.`mlops.framework` = 'onnx'")
    assert [v.version for v in onnx] == ["2"]
    by_run = client.search_model_versions(f"run_id = '{trained_run}'")
    assert [(v.name, v.version) for v in by_run] == [(model_name, "1")]
    newer = client.search_model_versions(
        f"name = '{model_name}' AND version_number >= 2", order_by=["version_number ASC"]
    )
    assert [v.version for v in newer] == ["2", "3"]
    paged = client.search_model_versions(f"name = '{model_name}'", max_results=2)
    assert [v.version for v in paged] == ["3", "2"] and paged.token


def test_missing_model_errors(client):
    with pytest.raises(MlflowException) as ei:
        client.get_model_version(uniq("absent"), "1")
    assert ei.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    with pytest.raises(MlflowException) as ei:
        client.create_model_version(uniq("absent"), "s3://b/m")
    assert ei.value.error_code == "RESOURCE_DOES_NOT_EXIST"
