"""Runs a built function.zip the way AWS Lambda's Java 21 runtime runs it, under the AWS Lambda Runtime Interface
Emulator, with the environment the synthesized CDK stack gives the function.

The emulator (aws-lambda-rie) serves the Lambda Runtime API to one bootstrap process and takes invocations on
POST /2015-03-31/functions/function/invocations. The bootstrap is what AWS's Java base image starts: a JVM with the
managed runtime's flags running AWS's runtime interface client (com.amazonaws.services.lambda.runtime.api.client.
AWSLambda), which loads the handler from LAMBDA_TASK_ROOT (the unpacked zip: classes at its root, jars in lib/).

Used by test_lambda_rie.py (replays events-samples/) and bench/lambda_cold_start.py (cold start figures).
"""

import base64
import json
import secrets
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import boto3

ACCOUNT = "123456789012"
RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
INVOKE_PATH = "/2015-03-31/functions/function/invocations"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class FunctionDef:
    """One AWS::Lambda::Function of the template, intrinsic functions resolved."""
    module: str
    name: str
    handler: str
    runtime: str
    memory_mb: int
    timeout_s: int
    environment: dict = field(default_factory=dict)


class Stack:
    """The synthesized template, read for what the functions need: their definitions and the data resources."""

    def __init__(self, template_path, region, account=ACCOUNT):
        self.template = json.loads(Path(template_path).read_text())
        self.region = region
        self.account = account
        self.resources = self.template["Resources"]

    def resolve(self, value):
        """Literal, {"Ref": pseudo parameter} or Fn::Join as the deployed stack would see it."""
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and "Fn::Join" in value:
            sep, parts = value["Fn::Join"]
            return sep.join(self.resolve(p) for p in parts)
        if isinstance(value, dict) and "Ref" in value:
            pseudo = {"AWS::Region": self.region, "AWS::AccountId": self.account, "AWS::Partition": "aws",
                      "AWS::URLSuffix": "amazonaws.com"}
            if value["Ref"] in pseudo:
                return pseudo[value["Ref"]]
        raise ValueError(f"cannot resolve {value!r} outside CloudFormation")

    def of_type(self, cfn_type):
        return [r["Properties"] for r in self.resources.values() if r["Type"] == cfn_type]

    def prefix(self):
        """The stage's prefix, e.g. mlops-ci: every resource name starts with it (ResourceNames)."""
        return self.bus().removesuffix("-events")

    def functions(self):
        prefix = self.prefix()
        found = {}
        for props in self.of_type("AWS::Lambda::Function"):
            name = props.get("FunctionName")
            if not isinstance(name, str) or not name.startswith(prefix + "-"):
                continue  # CDK's helper functions of ephemeral stages
            env = {k: self.resolve(v) for k, v in props.get("Environment", {}).get("Variables", {}).items()}
            module = name[len(prefix) + 1:]
            found[module] = FunctionDef(module, name, props["Handler"], props["Runtime"], props["MemorySize"],
                                        props["Timeout"], env)
        return found

    def bucket(self):
        return self.resolve(self.of_type("AWS::S3::Bucket")[0]["BucketName"])

    def bus(self):
        return self.of_type("AWS::Events::EventBus")[0]["Name"]

    def create_resources(self, clients):
        """Creates the tables (keys, indexes, TTL), the secrets, the versioned bucket with its lifecycle rules and
        the bus as declared."""
        for props in self.of_type("AWS::DynamoDB::Table"):
            args = {k: props[k] for k in ("TableName", "KeySchema", "AttributeDefinitions", "BillingMode")}
            if "GlobalSecondaryIndexes" in props:
                args["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
            try:
                clients.dynamodb.create_table(**args)
            except clients.dynamodb.exceptions.ResourceInUseException:
                # left by an earlier run against the same endpoint: start from an empty table
                clients.dynamodb.delete_table(TableName=props["TableName"])
                clients.dynamodb.get_waiter("table_not_exists").wait(TableName=props["TableName"])
                clients.dynamodb.create_table(**args)
            clients.dynamodb.get_waiter("table_exists").wait(TableName=props["TableName"])
            ttl = props.get("TimeToLiveSpecification")
            if ttl:
                clients.dynamodb.update_time_to_live(TableName=props["TableName"], TimeToLiveSpecification=ttl)
        for props in self.of_type("AWS::SecretsManager::Secret"):
            # CloudFormation generates the value (GenerateSecretString); any random value will do here
            try:
                clients.secrets.create_secret(Name=props["Name"], SecretString=secrets.token_hex(32))
            except clients.secrets.exceptions.ResourceExistsException:
                pass
        clients.s3.create_bucket(Bucket=self.bucket())
        clients.s3.put_bucket_versioning(Bucket=self.bucket(), VersioningConfiguration={"Status": "Enabled"})
        clients.s3.put_bucket_lifecycle_configuration(Bucket=self.bucket(),
                                                      LifecycleConfiguration={"Rules": self.lifecycle_rules()})
        try:
            clients.events.create_event_bus(Name=self.bus())
        except clients.events.exceptions.ResourceAlreadyExistsException:
            pass

    def lifecycle_rules(self):
        """The bucket's lifecycle rules, from CloudFormation's form to S3's API form."""
        rules = []
        for rule in self.of_type("AWS::S3::Bucket")[0].get("LifecycleConfiguration", {}).get("Rules", []):
            api = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
            if "NoncurrentVersionExpiration" in rule:
                api["NoncurrentVersionExpiration"] = {
                    "NoncurrentDays": rule["NoncurrentVersionExpiration"]["NoncurrentDays"]}
            if rule.get("ExpiredObjectDeleteMarker"):
                api["Expiration"] = {"ExpiredObjectDeleteMarker": True}
            if "AbortIncompleteMultipartUpload" in rule:
                api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
            rules.append(api)
        return rules

    def delete_resources(self, clients):
        """Best effort, for endpoints that outlive the test run (AWS_ENDPOINT_URL set by the caller)."""
        for props in self.of_type("AWS::DynamoDB::Table"):
            try:
                clients.dynamodb.delete_table(TableName=props["TableName"])
            except Exception:  # noqa: BLE001 - cleanup only
                pass


class Clients:
    def __init__(self, endpoint, region):
        kw = {"endpoint_url": endpoint, "region_name": region}
        self.dynamodb = boto3.client("dynamodb", **kw)
        self.s3 = boto3.client("s3", **kw)
        self.events = boto3.client("events", **kw)
        self.sqs = boto3.client("sqs", **kw)
        self.secrets = boto3.client("secretsmanager", **kw)


def java_major(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    return int(out.split('"')[1].split(".")[0])


def runtime_jvm_options(memory_mb, java_major_version):
    """The flags Lambda's managed Java runtime starts the JVM with (java17/java21): heap 85% of the function's
    memory, serial GC, C1 only, the JDK's class-data sharing archive, IPv4."""
    options = [f"-XX:MaxHeapSize={int(memory_mb * 1024 * 0.85)}k", "-XX:+UseSerialGC", "-Xshare:auto",
               "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
               "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr"]
    if java_major_version >= 22:
        # the runtime client loads its JNI library with System.load; JDK 22+ warns unless this is given
        options.append("--enable-native-access=ALL-UNNAMED")
    return options


def unpack(zip_path, task_dir):
    """Unpacks function.zip as Lambda does into /var/task (once per task_dir)."""
    task_dir = Path(task_dir)
    marker = task_dir / ".unpacked"
    if marker.exists() and marker.stat().st_mtime >= Path(zip_path).stat().st_mtime:
        return task_dir
    shutil.rmtree(task_dir, ignore_errors=True)
    task_dir.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(task_dir)
    marker.touch()
    return task_dir


class LambdaProcess:
    """One execution environment: aws-lambda-rie with the runtime interface client as its bootstrap."""

    def __init__(self, fn, task_dir, rie, ric_dir, java, endpoint, log_path, extra_jvm_options=(),
                 credentials=("test", "test"), extra_environment=None):
        self.fn = fn
        self.task_dir = Path(task_dir)
        self.log_path = Path(log_path)
        self.port = free_port()
        classpath = ":".join(str(p) for p in sorted(Path(ric_dir).glob("*.jar")))
        if not classpath:
            raise RuntimeError(f"no runtime interface client jars in {ric_dir} (built by ./mvnw install)")
        self.command = [str(rie), "--runtime-interface-emulator-address", f"127.0.0.1:{self.port}",
                        "--runtime-api-address", f"127.0.0.1:{free_port()}",
                        str(java), *self.jvm_options(fn.memory_mb, java_major(java), extra_jvm_options),
                        "-classpath", classpath, RIC_MAIN, fn.handler]
        self.environment = {
            # what Lambda puts in every Java function's environment
            "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "en_US.UTF-8", "TZ": ":UTC",
            "LAMBDA_TASK_ROOT": str(self.task_dir), "_HANDLER": fn.handler,
            "AWS_EXECUTION_ENV": "AWS_Lambda_" + fn.runtime, "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_FUNCTION_NAME": fn.name, "AWS_LAMBDA_FUNCTION_VERSION": "1",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(fn.memory_mb), "AWS_LAMBDA_FUNCTION_TIMEOUT": str(fn.timeout_s),
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/" + fn.name, "AWS_LAMBDA_LOG_STREAM_NAME": "rie",
            "AWS_REGION": os.environ.get("AWS_REGION", "us-east-1"),
            "AWS_DEFAULT_REGION": os.environ.get("AWS_REGION", "us-east-1"),
            # the execution role's credentials; here the emulator's
            "AWS_ACCESS_KEY_ID": credentials[0], "AWS_SECRET_ACCESS_KEY": credentials[1],
            # the stack's own variables for this function, unchanged
            **fn.environment,
            # the one addition: the functions reach the emulator instead of AWS (mlops.aws.endpoint)
            "MLOPS_AWS_ENDPOINT": endpoint,
            # and whatever a test adds on purpose (named where it does)
            **(extra_environment or {}),
        }
        self.process = None
        self.started_at = None
        self.cold_start_s = None

    @staticmethod
    def jvm_options(memory_mb, java_major_version, extra):
        """The runtime's flags plus extras; an extra -Xshare or AOT cache option replaces the runtime's -Xshare
        (the JVM refuses -XX:AOTCacheOutput next to any -Xshare)."""
        options = runtime_jvm_options(memory_mb, java_major_version)
        if any(o.startswith(("-Xshare:", "-XX:AOTCache")) for o in extra):
            options.remove("-Xshare:auto")
        return [*options, *extra]

    def start(self):
        self.log = open(self.log_path, "ab")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(self.command, cwd=self.task_dir, env=self.environment, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def invoke(self, event, timeout=None):
        """Invokes once; the first call also measures the cold start (process start to the answer)."""
        body = event if isinstance(event, bytes) else json.dumps(event).encode()
        deadline = time.monotonic() + 60
        while True:
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}{INVOKE_PATH}", data=body,
                                             method="POST")
            try:
                with urllib.request.urlopen(request, timeout=timeout or self.fn.timeout_s + 30) as answer:
                    payload = answer.read()
                    status = answer.status
                break
            except urllib.error.HTTPError as error:
                payload, status = error.read(), error.code
                break
            except (ConnectionError, urllib.error.URLError) as error:
                # the emulator is not listening yet; anything else is a real failure
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{self.fn.module}: the emulator is gone or silent ({error}); "
                                       f"log: {self.tail()}") from error
                time.sleep(0.02)
        if self.cold_start_s is None:
            self.cold_start_s = time.monotonic() - self.started_at
        return status, json.loads(payload) if payload.strip() else None

    def tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def runtime_pids(self):
        """The bootstrap (JVM) processes the emulator started: its children, found by parent pid (a Go program
        starts them from any of its threads, so /proc/<pid>/task/<pid>/children may miss them)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def stop(self):
        """Ends the JVM with SIGTERM first and waits for it, so that it runs its exit path (where it writes a
        class-data archive when asked to), then the emulator."""
        if self.process and self.process.poll() is None:
            runtimes = self.runtime_pids()
            for pid in runtimes:
                try:
                    os.kill(pid, 15)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 60
            while any(Path(f"/proc/{pid}").exists() for pid in runtimes) and time.monotonic() < deadline:
                time.sleep(0.05)
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        if self.process:
            self.log.close()


def api_gateway_event(samples_dir, name, replacements=None):
    """An events-samples/apigw-v2 event with placeholders replaced (also inside a base64 body)."""
    event = json.loads((Path(samples_dir) / "apigw-v2" / name).read_text())
    for old, new in (replacements or {}).items():
        if event.get("isBase64Encoded"):
            event["body"] = base64.b64encode(base64.b64decode(event["body"]).replace(old.encode(), new.encode())) \
                .decode()
        elif event.get("body"):
            event["body"] = event["body"].replace(old, new)
        event["rawQueryString"] = event.get("rawQueryString", "").replace(old, new)
    return event


def sample(samples_dir, path, replacements=None):
    text = (Path(samples_dir) / path).read_text()
    for old, new in (replacements or {}).items():
        text = text.replace(old, new)
    return json.loads(text)


def body(answer):
    """The JSON body of an API Gateway v2 answer."""
    raw = answer["body"]
    if answer.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode()
    return json.loads(raw) if raw else None
