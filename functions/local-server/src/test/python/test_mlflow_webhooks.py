"""MLflow 3 webhooks through the official client: CRUD, test_webhook, signed deliveries and retries.

The server under test must allow http and loopback targets through MLflow's own switches
(MLFLOW_WEBHOOK_ALLOWED_SCHEMES=http,https, MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS=true), since the listener is local;
webhook_ssrf_check.py covers the refusals of a server with MLflow's defaults.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import uuid

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from webhook_listener import Listener  # noqa: E402

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "")
if not TRACKING_URI.startswith(("http://", "https://")):
    pytest.exit("MLFLOW_TRACKING_URI must point at the server under test", returncode=2)
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities.webhook import WebhookAction, WebhookEntity, WebhookEvent, WebhookStatus  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

SUITE = f"wh-{uuid.uuid4().hex[:8]}"
MV_CREATED = WebhookEvent(WebhookEntity.MODEL_VERSION, WebhookAction.CREATED)
RM_CREATED = WebhookEvent(WebhookEntity.REGISTERED_MODEL, WebhookAction.CREATED)


def uniq(label):
    return f"{SUITE}-{label}-{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="module")
def client():
    return MlflowClient(tracking_uri=TRACKING_URI)


@pytest.fixture
def listener():
    with Listener() as endpoint:
        yield endpoint


@pytest.fixture
def hooks(client):
    """Creates webhooks and deletes them after the test, so later tests' events do not reach them."""
    created = []

    def make(**kwargs):
        webhook = client.create_webhook(**kwargs)
        created.append(webhook.webhook_id)
        return webhook

    yield make
    for webhook_id in created:
        try:
            client.delete_webhook(webhook_id)
        except MlflowException:
            pass


def signature_ok(secret, delivery):
    headers = {k.lower(): v for k, v in delivery["headers"].items()}
    signed = f"{headers['x-mlflow-delivery-id']}.{headers['x-mlflow-timestamp']}.{delivery['body']}"
    expected = base64.b64encode(hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()).decode()
    return headers.get("x-mlflow-signature") == f"v1,{expected}"


def test_create_get_list_update_delete(client, hooks):
    webhook = hooks(name=uniq("crud"), url="https://example.com/hook", events=[MV_CREATED],
                    description="first", secret="never-returned")
    assert webhook.secret is None
    assert webhook.events == [MV_CREATED]
    assert webhook.status == WebhookStatus.ACTIVE

    fetched = client.get_webhook(webhook.webhook_id)
    assert (fetched.name, fetched.url, fetched.description) == (webhook.name, "https://example.com/hook", "first")
    assert fetched.secret is None

    updated = client.update_webhook(webhook_id=webhook.webhook_id, name=uniq("renamed"),
                                    url="https://example.com/other", events=[MV_CREATED, RM_CREATED],
                                    description="second", status=WebhookStatus.DISABLED)
    assert updated.url == "https://example.com/other"
    assert updated.events == [MV_CREATED, RM_CREATED]
    assert updated.status == WebhookStatus.DISABLED
    assert updated.last_updated_timestamp > webhook.last_updated_timestamp

    partial = client.update_webhook(webhook_id=webhook.webhook_id, description="third")
    assert (partial.name, partial.url, partial.description) == (updated.name, updated.url, "third")

    client.delete_webhook(webhook.webhook_id)
    with pytest.raises(MlflowException, match=f"Webhook with ID {webhook.webhook_id} not found"):
        client.get_webhook(webhook.webhook_id)
    assert webhook.webhook_id not in {w.webhook_id for w in client.list_webhooks(max_results=1000)}


def test_list_pages_without_repeats(client, hooks):
    for i in range(5):
        hooks(name=uniq(f"page{i}"), url=f"https://example.com/{i}", events=[MV_CREATED])
    first = client.list_webhooks(max_results=2)
    assert len(first) == 2 and first.token
    second = client.list_webhooks(max_results=2, page_token=first.token)
    assert len(second) == 2
    assert {w.webhook_id for w in first}.isdisjoint({w.webhook_id for w in second})


def test_errors_use_mlflows_messages(client, hooks):
    with pytest.raises(MlflowException, match="Webhook with ID nonexistent not found"):
        client.get_webhook("nonexistent")
    with pytest.raises(MlflowException, match="Webhook with ID nonexistent not found"):
        client.delete_webhook("nonexistent")
    with pytest.raises(MlflowException, match="is invalid. It must start and end with a letter or digit"):
        client.create_webhook(name="-bad", url="https://example.com", events=[MV_CREATED])
    webhook = hooks(name=uniq("urls"), url="https://example.com/webhook", events=[MV_CREATED])
    for url, message in [("   ", "Webhook URL cannot be empty or just whitespace"),
                         ("ftp://example.com", "Invalid webhook URL scheme"),
                         ("http://[invalid", "Invalid webhook URL")]:
        with pytest.raises(MlflowException, match=message):
            client.update_webhook(webhook_id=webhook.webhook_id, url=url)


def test_model_version_created_arrives_signed(client, hooks, listener):
    secret = "s3cret-" + uuid.uuid4().hex
    hooks(name=uniq("signed"), url=listener.url("/secure"), events=[MV_CREATED], secret=secret)
    model = uniq("model")
    client.create_registered_model(model)
    version = client.create_model_version(model, "s3://bucket/path/to/model", run_id="1234567890abcdef",
                                          tags={"team": "fraud"}, description="first cut")

    [delivery] = listener.wait_for(lambda r: r["path"] == "/secure" and model in r["body"], 1)
    assert signature_ok(secret, delivery)
    envelope = json.loads(delivery["body"])
    assert (envelope["entity"], envelope["action"]) == ("model_version", "created")
    assert envelope["data"] == {"name": model, "version": version.version, "source": "s3://bucket/path/to/model",
                                "run_id": "1234567890abcdef", "tags": {"team": "fraud"},
                                "description": "first cut"}
    assert not signature_ok("wrong-secret", delivery)


def test_failing_endpoint_is_retried_with_the_same_delivery(client, hooks, listener):
    hooks(name=uniq("flaky"), url=listener.url("/flaky"), events=[RM_CREATED])
    model = uniq("retried")
    client.create_registered_model(model, tags={"k": "v"})

    attempts = listener.wait_for(lambda r: r["path"] == "/flaky", 3)
    assert {json.loads(a["body"])["data"]["name"] for a in attempts} == {model}
    ids = {{k.lower(): v for k, v in a["headers"].items()}["x-mlflow-delivery-id"] for a in attempts}
    assert len(ids) == 1


def test_test_webhook_reports_the_answer(client, hooks, listener):
    ok = hooks(name=uniq("test-ok"), url=listener.url("/insecure"), events=[MV_CREATED, RM_CREATED])
    result = client.test_webhook(ok.webhook_id)
    assert (result.success, result.response_status, result.error_message) == (True, 200, None)
    [sent] = listener.wait_for(lambda r: r["path"] == "/insecure", 1)
    assert json.loads(sent["body"])["data"]["source"] == "models:/123"

    result = client.test_webhook(ok.webhook_id, event=RM_CREATED)
    assert result.success is True
    assert json.loads(listener.wait_for(lambda r: r["path"] == "/insecure", 2)[1]["body"])["data"] == {
        "name": "example_model", "tags": {"example_key": "example_value"},
        "description": "An example registered model"}

    missing = hooks(name=uniq("test-404"), url=listener.url("/missing"), events=[RM_CREATED])
    result = client.test_webhook(missing.webhook_id)
    assert (result.success, result.response_status, result.error_message) == (False, 404, None)
    assert result.response_body
