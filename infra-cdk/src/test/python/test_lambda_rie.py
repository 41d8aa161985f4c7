"""Every built function.zip, run as Lambda runs it (aws-lambda-rie + AWS's Java runtime interface client, the managed
runtime's JVM flags, the stack's environment), against the AWS emulator, answers the events Lambda would give it:
tracking and registry API Gateway v2 events (MLflow's routes, the audit search, the webhook API, /health),
ingestion an S3 notification, metric-flush its schedule and a MetricFlushRequested event, health its schedule,
webhook-delivery a registry event from the bus (delivered, signed, to a receiver of the test's), recovery its daily
schedule, an operator's invocation and an admin route. Side effects are read back from the emulator.

Inputs (scripts/test-lambda-rie.sh sets them): MLOPS_TEMPLATE (the synthesized stack), MLOPS_RIE (the emulator
binary), MLOPS_RIC_DIR (the runtime interface client jars), MLOPS_JAVA, MLOPS_REPO, AWS_ENDPOINT_URL, AWS_REGION.
"""

import base64
import hashlib
import hmac
import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest

from lambda_rie import Clients, LambdaProcess, Stack, api_gateway_event, body, sample, unpack

REPO = Path(os.environ["MLOPS_REPO"])
SAMPLES = REPO / "events-samples"
WORK = Path(os.environ.get("MLOPS_RIE_WORK", "/tmp/mlops-rie"))
REGION = os.environ.get("AWS_REGION", "us-east-1")
# The only variables the functions get beyond the stack's: MLflow's development switches, so that the registry
# accepts, and webhook-delivery posts to, this test's receiver on loopback over http (deployed, both refuse it).
LOOPBACK_WEBHOOKS = {"MLFLOW_WEBHOOK_ALLOWED_SCHEMES": "http,https", "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS": "true"}


@pytest.fixture(scope="module")
def stack():
    return Stack(os.environ["MLOPS_TEMPLATE"], REGION)


@pytest.fixture(scope="module")
def aws(stack):
    clients = Clients(os.environ["AWS_ENDPOINT_URL"], REGION)
    stack.create_resources(clients)
    # a rule on the stage's bus copies every domain event to a queue, so the test sees what the functions announce
    queue_url = clients.sqs.create_queue(QueueName=stack.prefix() + "-rie-events")["QueueUrl"]
    queue_arn = clients.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    clients.events.put_rule(Name="rie-capture", EventBusName=stack.bus(),
                            EventPattern=json.dumps({"source": ["mlops.tracking"]}))
    clients.events.put_targets(Rule="rie-capture", EventBusName=stack.bus(),
                               Targets=[{"Id": "queue", "Arn": queue_arn}])
    clients.queue_url = queue_url
    yield clients
    stack.delete_resources(clients)


@pytest.fixture(scope="module")
def functions(stack, aws):
    """Starts each function's execution environment on first use and keeps it warm, as Lambda would."""
    running = {}
    definitions = stack.functions()

    def get(module):
        if module not in running:
            fn = definitions[module]
            task = unpack(REPO / "functions" / module / "target" / "function.zip", WORK / "task" / module)
            running[module] = LambdaProcess(fn, task, os.environ["MLOPS_RIE"], os.environ["MLOPS_RIC_DIR"],
                                            os.environ["MLOPS_JAVA"], os.environ["AWS_ENDPOINT_URL"],
                                            WORK / f"{module}.log",
                                            extra_environment=LOOPBACK_WEBHOOKS).start()
        return running[module]

    yield get
    for process in running.values():
        process.stop()
        print(f"{process.fn.module}: cold start {process.cold_start_s:.2f} s (process start to first answer)")


def invoke(function, event):
    status, answer = function.invoke(event)
    assert status == 200, f"{function.fn.module} invocation failed ({status}): {answer}\n{function.tail()}"
    return answer


def domain_events(aws, detail_type, wait_s=10):
    found, deadline = [], time.monotonic() + wait_s
    while time.monotonic() < deadline:
        for message in aws.sqs.receive_message(QueueUrl=aws.queue_url, MaxNumberOfMessages=10,
                                               WaitTimeSeconds=1).get("Messages", []):
            event = json.loads(message["Body"])
            aws.seen = getattr(aws, "seen", []) + [event]
            aws.sqs.delete_message(QueueUrl=aws.queue_url, ReceiptHandle=message["ReceiptHandle"])
        found = [e["detail"] for e in getattr(aws, "seen", []) if e["detail-type"] == detail_type]
        if found:
            return found
    return found


def test_the_stack_gives_each_function_only_its_resource_names(stack):
    functions = stack.functions()
    assert set(functions) >= {"tracking", "registry", "ingestion", "metric-flush", "health", "webhook-delivery",
                              "recovery"}
    for fn in functions.values():
        assert fn.runtime == "java21"
        assert fn.environment["MLOPS_AWS_PREFIX"] == stack.prefix()
        assert fn.environment["MLOPS_AWS_REGION"] == REGION
        assert not any(key in fn.environment for key in ("MLOPS_AWS_ENDPOINT", "AWS_ENDPOINT_URL")), \
            "a deployed function must talk to AWS itself"
        assert not any(key in fn.environment for key in LOOPBACK_WEBHOOKS), "webhooks stay https-only, public-only"
    # the webhook key's name goes to exactly the functions that seal or unseal webhook secrets
    assert {m for m, fn in functions.items() if "MLOPS_WEBHOOKS_KEY_SECRET_ID" in fn.environment} == {
        "registry", "webhook-delivery"}


def test_tracking_answers_api_gateway_events(stack, aws, functions):
    tracking = functions("tracking")
    created = body(invoke(tracking, api_gateway_event(SAMPLES, "create-experiment.json")))
    experiment_id = created["experiment_id"]
    found = invoke(tracking, api_gateway_event(SAMPLES, "get-experiment-by-name.json"))
    assert found["statusCode"] == 200 and body(found)["experiment"]["experiment_id"] == experiment_id

    run = body(invoke(tracking, api_gateway_event(SAMPLES, "create-run.json")))["run"]["info"]
    logged = invoke(tracking, api_gateway_event(SAMPLES, "log-batch-base64.json", {"RUN_ID": run["run_id"]}))
    assert logged["statusCode"] == 200, body(logged)
    unknown = invoke(tracking, api_gateway_event(SAMPLES, "get-run-unknown.json"))
    assert unknown["statusCode"] == 404 and body(unknown)["error_code"] == "RESOURCE_DOES_NOT_EXIST"

    # the writes are in the stack's tables, under the stack's names
    items = aws.dynamodb.query(TableName=stack.prefix() + "-metadata", KeyConditionExpression="pk = :pk",
                               ExpressionAttributeValues={":pk": {"S": "R#" + run["run_id"]}})["Items"]
    assert {i["sk"]["S"] for i in items} >= {"R", "T#mlflow.user"}
    batches = aws.dynamodb.query(TableName=stack.prefix() + "-metrics", KeyConditionExpression="#r = :r",
                                 ExpressionAttributeNames={"#r": "run"},
                                 ExpressionAttributeValues={":r": {"S": run["run_id"]}})["Items"]
    assert batches, "log-batch buffered no points in the metrics table"
    assert [e["name"] for e in domain_events(aws, "ExperimentCreated")] == ["apigw-replayed-experiment"]
    aws.run = run


def test_registry_answers_api_gateway_events(stack, aws, functions):
    registry = functions("registry")
    model = body(invoke(registry, api_gateway_event(SAMPLES, "registry-create-model.json")))
    assert model["registered_model"]["name"] == "apigw-replayed-model"
    version = body(invoke(registry, api_gateway_event(SAMPLES, "registry-create-version.json")))
    assert version["model_version"]["version"] == "1"
    fetched = invoke(registry, api_gateway_event(SAMPLES, "registry-get-version.json"))
    assert fetched["statusCode"] == 200 and body(fetched)["model_version"]["source"] == \
        "s3://external-bucket/models/churn/1"
    unknown = invoke(registry, api_gateway_event(SAMPLES, "registry-get-model-unknown.json"))
    assert unknown["statusCode"] == 404 and body(unknown)["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    assert any(e["name"] == "apigw-replayed-model" for e in domain_events(aws, "ModelVersionCreated"))


def test_ingestion_handles_an_s3_notification(stack, aws, functions):
    key = "incoming/models/churn-classifier/model.onnx"
    contents = json.loads((SAMPLES / "s3" / "object-contents.json").read_text())[key]
    put = aws.s3.put_object(Bucket=stack.bucket(), Key=key, Body=contents.encode())
    event = sample(SAMPLES, "s3/object-created-put.json",
                   {"DOC-EXAMPLE-BUCKET": stack.bucket(), "VERSION_ID": put["VersionId"]})
    report = invoke(functions("ingestion"), event)
    assert report["accepted"] == 1, report
    assert report["records"][0]["version"] == "1"
    item = aws.dynamodb.get_item(TableName=stack.prefix() + "-registry",
                                 Key={"pk": {"S": "M#churn-classifier"}, "sk": {"S": "V#0000000001"}})
    assert "Item" in item, "no version item in the stack's registry table"
    ingested = domain_events(aws, "ArtifactIngested")
    assert [(d["name"], d["sha256"]) for d in ingested] == [
        ("churn-classifier", hashlib.sha256(contents.encode()).hexdigest())]


def test_metric_flush_handles_its_schedule_and_flush_requests(stack, aws, functions):
    run = aws.run  # logged by the tracking test
    flush = functions("metric-flush")
    report = invoke(flush, sample(SAMPLES, "eventbridge/scheduled-flush.json"))
    assert report["failures"] == [], report
    assert report["points"] > 0 and report["filesWritten"] >= 1, report
    lake = aws.s3.list_objects_v2(Bucket=stack.bucket(), Prefix="lake/")
    assert any(o["Key"].endswith(".parquet") and run["run_id"] in o["Key"] for o in lake.get("Contents", []))

    requested = invoke(flush, sample(SAMPLES, "eventbridge/metric-flush-requested.json",
                                     {"RUN_ID": run["run_id"], "EXPERIMENT_ID": run["experiment_id"]}))
    assert requested["failures"] == [] and requested["points"] == 0, requested  # already flushed, exactly once

    # and the tracking function reads the history back through the lake it now lives in
    history = api_gateway_event(SAMPLES, "get-run-unknown.json")
    history["rawPath"] = history["requestContext"]["http"]["path"] = "/api/2.0/mlflow/metrics/get-history"
    history["rawQueryString"] = f"run_id={run['run_id']}&metric_key=loss"
    answer = invoke(functions("tracking"), history)
    assert answer["statusCode"] == 200 and len(body(answer)["metrics"]) >= 1, body(answer)


def test_tracking_serves_the_audit_search_and_mlflows_health(stack, aws, functions):
    tracking = functions("tracking")
    invoke(tracking, api_gateway_event(SAMPLES, "create-experiment-iam.json"))
    deadline, entries = time.monotonic() + 10, []
    while not entries and time.monotonic() < deadline:  # entries are written off the request path (<= 150 ms)
        answer = invoke(tracking, api_gateway_event(SAMPLES, "audit-search.json"))
        assert answer["statusCode"] == 200, body(answer)
        entries = body(answer)["entries"]
    assert entries and all(e["action"] == "CreateExperiment" for e in entries), entries
    assert any(e["actor"].startswith("arn:aws:") for e in entries), entries  # the SigV4 caller
    assert aws.dynamodb.scan(TableName=stack.prefix() + "-audit", Limit=1)["Items"], "nothing in the audit table"
    health = invoke(tracking, api_gateway_event(SAMPLES, "mlflow-health.json"))
    assert health["statusCode"] == 200 and health["body"].strip() == "OK", health


def test_tracking_answers_the_web_uis_graphql(stack, aws, functions):
    run = aws.run  # logged (and flushed) by the tests above
    answer = invoke(functions("tracking"), api_gateway_event(SAMPLES, "graphql-get-run.json",
                                                             {"RUN_ID": run["run_id"]}))
    assert answer["statusCode"] == 200, answer
    result = body(answer)
    assert result.get("errors") is None, result
    got = result["data"]["mlflowGetRun"]["run"]
    assert got["info"]["runUuid"] == run["run_id"]
    assert got["experiment"]["experimentId"] == run["experiment_id"]
    assert any(m["key"] == "loss" for m in got["data"]["metrics"]), got


class Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", "0"))
        Receiver.received.append((dict(self.headers), self.rfile.read(length)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_registry_stores_a_webhook_and_webhook_delivery_delivers_the_registry_event(stack, aws, functions):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        created = invoke(functions("registry"), api_gateway_event(SAMPLES, "registry-create-webhook.json", {
            "RECEIVER_URL": url, "WEBHOOK_SECRET": "rie-shared-secret"}))
        assert created["statusCode"] == 200, body(created)
        assert "secret" not in body(created)["webhook"]
        # the secret is stored sealed with the stack's webhook key, never in clear
        stored = aws.dynamodb.query(TableName=stack.prefix() + "-registry", KeyConditionExpression="pk = :w",
                                    ExpressionAttributeValues={":w": {"S": "W"}})["Items"]
        assert stored and "rie-shared-secret" not in json.dumps(stored)

        event = sample(SAMPLES, "eventbridge/model-version-created.json", {"MODEL_NAME": "apigw-replayed-model"})
        report = invoke(functions("webhook-delivery"), event)
        assert report == {"detailType": "ModelVersionCreated", "delivered": 1, "failed": 0}, report
        assert len(Receiver.received) == 1
        headers, payload = Receiver.received[0]
        headers = {k.lower(): v for k, v in headers.items()}
        assert json.loads(payload)["entity"] == "model_version" and json.loads(payload)["action"] == "created"
        signed = f"{headers['x-mlflow-delivery-id']}.{headers['x-mlflow-timestamp']}.".encode() + payload
        expected = base64.b64encode(hmac.new(b"rie-shared-secret", signed, hashlib.sha256).digest()).decode()
        assert headers["x-mlflow-signature"] == "v1," + expected
    finally:
        server.shutdown()


def test_health_runs_its_schedule_against_the_stacks_resources(stack, aws, functions):
    answer = invoke(functions("health"), sample(SAMPLES, "eventbridge/scheduled-health.json"))
    assert {c["name"] for c in answer["checks"]} == {"storage", "lake", "events"}, answer
    assert answer["status"] == "UP", answer
    status = aws.dynamodb.get_item(TableName=stack.prefix() + "-metadata",
                                   Key={"pk": {"S": "HEALTH"}, "sk": {"S": "status"}})
    assert "Item" in status, "no status item in the stack's metadata table"
    assert [d["status"] for d in domain_events(aws, "HealthReport")][-1:] == ["UP"]


def test_recovery_snapshots_on_schedule_lists_through_its_admin_route_and_finds_the_lifecycle_safe(
        stack, aws, functions):
    recovery = functions("recovery")
    scheduled = invoke(recovery, sample(SAMPLES, "eventbridge/scheduled-snapshot.json"))
    snapshot = scheduled["snapshot"]["id"]
    assert snapshot.startswith("snap-") and scheduled["snapshot"]["kind"] == "SCHEDULED", scheduled
    assert aws.s3.list_objects_v2(Bucket=stack.bucket(), Prefix="snapshots/").get("KeyCount", 0) > 0
    listed = invoke(recovery, api_gateway_event(SAMPLES, "admin-snapshots-list.json"))
    assert listed["statusCode"] == 200 and snapshot in [s["id"] for s in body(listed)["snapshots"]], listed

    # verify reads the bucket's versioning and lifecycle (as the stack declares them) against the retention
    # horizon: nothing at risk; the same check reports a rule that would expire versions too early
    def retention_findings():
        answer = invoke(recovery, sample(SAMPLES, "recovery/invoke-verify.json"))
        return [f for f in json.dumps(answer).split("}") if "lifecycle rule" in f or "not versioned" in f]

    assert retention_findings() == []
    too_short = stack.lifecycle_rules() + [{"ID": "too-short", "Status": "Enabled", "Filter": {"Prefix": "mlflow/"},
                                            "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]
    aws.s3.put_bucket_lifecycle_configuration(Bucket=stack.bucket(), LifecycleConfiguration={"Rules": too_short})
    try:
        assert any("too-short" in f for f in retention_findings())
    finally:
        aws.s3.put_bucket_lifecycle_configuration(Bucket=stack.bucket(),
                                                  LifecycleConfiguration={"Rules": stack.lifecycle_rules()})
