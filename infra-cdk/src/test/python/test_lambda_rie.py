"""Every built function.zip, run as Lambda runs it (aws-lambda-rie + AWS's Java runtime interface client, the managed
runtime's JVM flags, the stack's environment), against the AWS emulator, answers the events Lambda would give it:
tracking and registry API Gateway v2 events, ingestion an S3 notification, metric-flush its schedule and a
MetricFlushRequested event. Side effects are read back from the emulator.

Inputs (scripts/test-lambda-rie.sh sets them): MLOPS_TEMPLATE (the synthesized stack), MLOPS_RIE (the emulator
binary), MLOPS_RIC_DIR (the runtime interface client jars), MLOPS_JAVA, MLOPS_REPO, AWS_ENDPOINT_URL, AWS_REGION.
"""

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from lambda_rie import Clients, LambdaProcess, Stack, api_gateway_event, body, sample, unpack

REPO = Path(os.environ["MLOPS_REPO"])
SAMPLES = REPO / "events-samples"
WORK = Path(os.environ.get("MLOPS_RIE_WORK", "/tmp/mlops-rie"))
REGION = os.environ.get("AWS_REGION", "us-east-1")


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
                                            WORK / f"{module}.log").start()
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
    assert set(functions) >= {"tracking", "registry", "ingestion", "metric-flush"}
    for fn in functions.values():
        assert fn.runtime == "java21"
        assert fn.environment["MLOPS_AWS_PREFIX"] == stack.prefix()
        assert fn.environment["MLOPS_AWS_REGION"] == REGION
        assert not any(key in fn.environment for key in ("MLOPS_AWS_ENDPOINT", "AWS_ENDPOINT_URL")), \
            "a deployed function must talk to AWS itself"


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
