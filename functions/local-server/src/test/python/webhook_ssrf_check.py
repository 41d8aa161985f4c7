"""SSRF refusals of a server running with MLflow's default webhook policy (https only, public addresses only).

Not collected with the main suite (whose server allows local listeners); scripts/test-webhooks.sh runs it by name
against a server started without MLFLOW_WEBHOOK_ALLOWED_SCHEMES / MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS.
"""

import os
import uuid

import pytest

os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities.webhook import WebhookAction, WebhookEntity, WebhookEvent  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

EVENTS = [WebhookEvent(WebhookEntity.MODEL_VERSION, WebhookAction.CREATED)]


@pytest.mark.parametrize(("url", "message"), [
    ("https://127.0.0.1/hook", "must not resolve to a non-public IP address. '127.0.0.1' resolves to 127.0.0.1"),
    ("https://localhost/hook", "must not resolve to a non-public IP address. 'localhost' resolves to"),
    ("https://169.254.169.254/latest/meta-data", "'169.254.169.254' resolves to 169.254.169.254"),
    ("https://10.1.2.3/hook", "'10.1.2.3' resolves to 10.1.2.3"),
    ("https://[::ffff:192.168.0.1]/hook", "must not resolve to a non-public IP address"),
    ("http://93.184.216.34/hook", "Invalid webhook URL scheme: 'http'. Allowed schemes are: https."),
])
def test_ssrf_targets_are_refused(url, message):
    client = MlflowClient(tracking_uri=os.environ["MLFLOW_TRACKING_URI"])
    with pytest.raises(MlflowException, match=message.replace(".", r"\.").replace("[", r"\[")) as refused:
        client.create_webhook(name=f"ssrf-{uuid.uuid4().hex[:8]}", url=url, events=EVENTS)
    assert refused.value.error_code == "INVALID_PARAMETER_VALUE"
