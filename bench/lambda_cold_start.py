"""Cold start of each function.zip under the Lambda runtime interface emulator: process start to first answered
invocation, with the managed runtime's JVM flags and the stack's environment (infra-cdk/src/test/python/
lambda_rie.py), with and without class-data sharing. A measurement, not a test: bench/RESULTS.md records it.

Modes, interleaved run by run so that machine noise hits them alike:
  no-cds   -Xshare:off: no class-data sharing at all
  default  -Xshare:auto with the JDK's own archive (what the managed runtime does with its runtime.jsa)
  appcds   a dynamic AppCDS archive of this function (-XX:ArchiveClassesAtExit after one training invocation)
  aot      JDK 25+: an AOT cache of this function (-XX:AOTCacheOutput after one training invocation; JEP 483/514)

Inputs as for test_lambda_rie.py (scripts/lambda-cold-start.sh sets them), plus --runs and --functions.
"""

import argparse
import json
import os
import re
import statistics
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "infra-cdk" / "src" / "test" / "python"))

from lambda_rie import (Clients, LambdaProcess, Stack, api_gateway_event, java_major,  # noqa: E402
                        sample, unpack)

REPO = Path(os.environ["MLOPS_REPO"])
SAMPLES = REPO / "events-samples"
WORK = Path(os.environ["MLOPS_RIE_WORK"])
REGION = os.environ.get("AWS_REGION", "us-east-1")


def first_event(module, stack, clients):
    """The invocation each cold start answers: a write for the API functions (unique names), the samples else."""
    unique = uuid.uuid4().hex[:8]
    if module == "tracking":
        return api_gateway_event(SAMPLES, "create-experiment.json", {"apigw-replayed-experiment": "cold-" + unique})
    if module == "registry":
        return api_gateway_event(SAMPLES, "registry-create-model.json", {"apigw-replayed-model": "cold-" + unique})
    if module == "ingestion":
        key = "incoming/models/churn-classifier/model.onnx"
        put = clients.s3.put_object(Bucket=stack.bucket(), Key=key, Body=b"onnx: churn-classifier v1")
        return sample(SAMPLES, "s3/object-created-put.json",
                      {"DOC-EXAMPLE-BUCKET": stack.bucket(), "VERSION_ID": put["VersionId"]})
    if module == "metric-flush":
        return sample(SAMPLES, "eventbridge/scheduled-flush.json")
    if module == "health":
        return sample(SAMPLES, "eventbridge/scheduled-health.json")
    if module == "webhook-delivery":
        # a registry event with no webhook subscribed: the store is read, nothing is delivered
        return sample(SAMPLES, "eventbridge/model-version-created.json", {"MODEL_NAME": "cold-" + unique})
    if module == "recovery":
        return api_gateway_event(SAMPLES, "admin-snapshots-list.json")
    raise ValueError(f"no cold-start event for {module}")


def cds_options(mode, archive, training):
    if mode == "no-cds":
        return ["-Xshare:off"]
    if mode == "default":
        return []
    if mode == "appcds":
        # -Xlog:cds=error: classes CDS cannot archive (old bytecode, JFR events) are reported one warning each
        return [f"-XX:ArchiveClassesAtExit={archive}", "-Xlog:cds=error"] if training \
            else [f"-XX:SharedArchiveFile={archive}"]
    if mode == "aot":
        return [f"-XX:AOTCacheOutput={archive}"] if training else [f"-XX:AOTCache={archive}"]
    raise ValueError(mode)


def one_start(fn, task, mode, archive, stack, clients, log, training=False):
    process = LambdaProcess(fn, task, os.environ["MLOPS_RIE"], os.environ["MLOPS_RIC_DIR"],
                            os.environ["MLOPS_JAVA"], os.environ["AWS_ENDPOINT_URL"], log,
                            extra_jvm_options=cds_options(mode, archive, training)).start()
    try:
        status, answer = process.invoke(first_event(fn.module, stack, clients))
        if status != 200 or (isinstance(answer, dict) and answer.get("statusCode", 200) >= 500):
            raise RuntimeError(f"{fn.module} ({mode}) failed: {answer}\n{process.tail()}")
        return process.cold_start_s, init_ms(log)
    finally:
        process.stop()


def init_ms(log):
    """The emulator's INIT REPORT of the last start in the log: runtime and handler initialisation, in ms."""
    found = re.findall(r"INIT REPORT\(durationMs: ([0-9.]+)\)", Path(log).read_text(errors="replace"))
    return float(found[-1]) if found else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--functions", default="tracking,registry,ingestion,metric-flush")
    args = parser.parse_args()

    stack = Stack(os.environ["MLOPS_TEMPLATE"], REGION)
    clients = Clients(os.environ["AWS_ENDPOINT_URL"], REGION)
    stack.create_resources(clients)
    java = os.environ["MLOPS_JAVA"]
    modes = ["no-cds", "default", "appcds"] + (["aot"] if java_major(java) >= 25 else [])
    definitions = stack.functions()
    results = {}
    for module in args.functions.split(","):
        fn = definitions[module]
        task = unpack(REPO / "functions" / module / "target" / "function.zip", WORK / "task" / module)
        archives = {"appcds": WORK / f"{module}.jsa", "aot": WORK / f"{module}.aot"}
        for mode, archive in archives.items():
            if mode in modes:
                one_start(fn, task, mode, archive, stack, clients, WORK / f"{module}-{mode}-training.log",
                          training=True)
                if not archive.exists():
                    raise RuntimeError(f"the {mode} training run of {module} wrote no {archive}")
        for run in range(args.runs):
            for mode in modes:
                total, init = one_start(fn, task, mode, archives.get(mode), stack, clients,
                                        WORK / f"{module}-{mode}.log")
                results.setdefault((module, mode), []).append((total, init))
                print(f"{module:13} {mode:8} run {run + 1}: {total:6.2f} s (init {init / 1000:5.2f} s)",
                      flush=True)

    print("\n| function | mode | cold start, median (runs) | of which init | vs default |")
    print("|---|---|---|---|---|")
    for module in args.functions.split(","):
        base = statistics.median(t for t, _ in results[(module, "default")])
        for mode in modes:
            totals = [t for t, _ in results[(module, mode)]]
            inits = [i for _, i in results[(module, mode)]]
            median = statistics.median(totals)
            print(f"| {module} | {mode} | {median:.2f} s ({', '.join(f'{t:.2f}' for t in totals)}) "
                  f"| {statistics.median(inits) / 1000:.2f} s | {median / base:.2f}× |")
    print(json.dumps({f"{m}/{k}": v for (m, k), v in results.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
