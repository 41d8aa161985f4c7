"""Shared set-up of the client suites: the server under test comes from MLFLOW_TRACKING_URI, and the client makes
one attempt per request (a retry would hide a 5xx) without telemetry."""

import os

import pytest

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "")
if not TRACKING_URI.startswith(("http://", "https://")):
    pytest.exit("MLFLOW_TRACKING_URI must point at the server under test", returncode=2)
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
