"""Example training job: a small hyperparameter sweep tracked with MLflow.

Runs a parent run with one nested child run per (learning_rate, batch_size)
config, simulates ~20 epochs of training with a deterministic synthetic
loss/accuracy curve, logs everything to the tracking server named by
MLFLOW_TRACKING_URI, then asks the server for the best child run, logs the
winning config as a small pyfunc model registered as "<experiment>-model", and
prints a comparison table.

Usage:  MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python scripts/demo.py [experiment-name]
(the experiment name may also come from DEMO_EXPERIMENT_NAME; default "demo-sweep").
Needs mlflow-skinny plus numpy and pandas (mlflow.pyfunc imports them), all in
scripts/python-requirements.txt. Exits non-zero on any failure.
"""

import math
import os
import random
import sys
import time
import warnings
import zlib

import mlflow
import mlflow.pyfunc
from mlflow import MlflowClient
from mlflow.entities import Metric

EPOCHS = 20
EPOCHS_PER_BATCH = 5  # metrics of 5 epochs go to the server in one log_batch call
LEARNING_RATES = [0.1, 0.01, 0.001]
BATCH_SIZES = [32, 64]


def simulate_epoch(lr, batch_size, epoch, rng):
    """Deterministic synthetic training curve (lr=0.01 converges best)."""
    speed = {0.1: 0.18, 0.01: 0.30, 0.001: 0.07}[lr] * (1.1 if batch_size == 32 else 1.0)
    floor = {0.1: 0.35, 0.01: 0.12, 0.001: 0.25}[lr]
    train_loss = floor + (2.3 - floor) * math.exp(-speed * epoch) + rng.uniform(0, 0.02)
    val_loss = train_loss * 1.08 + rng.uniform(0, 0.02)
    val_accuracy = max(0.0, min(1.0, 1.0 - val_loss / 2.5 + rng.uniform(-0.005, 0.005)))
    return {"train_loss": train_loss, "val_loss": val_loss, "val_accuracy": val_accuracy}


def train_child(client, lr, batch_size):
    """One nested run: params, tags, per-epoch metrics sent in batches. Returns final metrics."""
    run_name = f"lr={lr}-bs={batch_size}"
    with mlflow.start_run(run_name=run_name, nested=True) as child:
        mlflow.log_params({"learning_rate": lr, "batch_size": batch_size, "epochs": EPOCHS})
        mlflow.set_tags({"stage": "sweep-trial", "optimizer": "sgd"})
        rng = random.Random(zlib.crc32(run_name.encode()))  # stable seed per config
        pending, final = [], {}
        for epoch in range(1, EPOCHS + 1):
            final = simulate_epoch(lr, batch_size, epoch, rng)
            ts = int(time.time() * 1000)
            pending += [Metric(k, v, ts, epoch) for k, v in final.items()]
            if epoch % EPOCHS_PER_BATCH == 0 or epoch == EPOCHS:
                client.log_batch(child.info.run_id, metrics=pending)
                pending = []
        return child.info.run_id, run_name, final


# pyfunc suggests type hints for input validation; this toy model takes a plain DataFrame, so keep the output tidy.
warnings.filterwarnings("ignore", message="Add type hints to the `predict` method")


class BestConfig(mlflow.pyfunc.PythonModel):
    """The sweep's outcome as a model: answers the validation accuracy the sweep measured for each row's
    (learning_rate, batch_size), so the registry holds something loadable, not an empty placeholder."""

    def __init__(self, accuracy_by_config):
        self.accuracy_by_config = accuracy_by_config

    def predict(self, context, model_input, params=None):
        rows = model_input.to_dict("records")
        return [self.accuracy_by_config.get(f"{r['learning_rate']}/{r['batch_size']}") for r in rows]


def print_table(rows, best_id):
    headers = ["run name", "lr", "batch size", "final loss", "final val acc", "best"]
    cells = [
        [
            r.info.run_name,
            r.data.params["learning_rate"],
            r.data.params["batch_size"],
            f"{r.data.metrics['train_loss']:.4f}",
            f"{r.data.metrics['val_accuracy']:.4f}",
            "<== best" if r.info.run_id == best_id else "",
        ]
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *cells)]
    line = lambda vals: "  ".join(str(v).ljust(w) for v, w in zip(vals, widths)).rstrip()
    print(line(headers))
    print(line("-" * w for w in widths))
    for c in cells:
        print(line(c))


def main(argv):
    if not os.environ.get("MLFLOW_TRACKING_URI"):
        print("error: set MLFLOW_TRACKING_URI (e.g. http://127.0.0.1:5000)", file=sys.stderr)
        return 2
    experiment_name = (argv[1] if len(argv) > 1 else None) or os.environ.get(
        "DEMO_EXPERIMENT_NAME", "demo-sweep"
    )
    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")  # keep output tidy
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")  # fail in seconds, not minutes
    experiment = mlflow.set_experiment(experiment_name)
    client = MlflowClient()
    print(f"tracking URI: {mlflow.get_tracking_uri()}  experiment: {experiment_name} "
          f"(id {experiment.experiment_id})")

    configs = [(lr, bs) for lr in LEARNING_RATES for bs in BATCH_SIZES]
    with mlflow.start_run(run_name="lr-batch-sweep") as parent:
        parent_id = parent.info.run_id
        mlflow.log_params({"n_configs": len(configs), "epochs": EPOCHS})
        mlflow.set_tags({"job": "demo-training", "sweep.grid": "learning_rate x batch_size"})
        results = [train_child(client, lr, bs) for lr, bs in configs]
        for run_id, name, final in results:
            print(f"  trained {name:<16} val_accuracy={final['val_accuracy']:.4f}  ({run_id})")

        # Ask the server (not our local bookkeeping) which child run was best.
        parent_filter = f"tags.mlflow.parentRunId = '{parent_id}'"
        best = mlflow.search_runs(
            experiment_ids=[experiment.experiment_id],
            filter_string=parent_filter,
            order_by=["metrics.val_accuracy DESC"],
            max_results=1,
            output_format="list",
        )
        if len(best) != 1:
            raise RuntimeError(f"search_runs returned {len(best)} best runs, expected 1")
        best = best[0]
        expected_best = max(results, key=lambda r: r[2]["val_accuracy"])[0]
        if best.info.run_id != expected_best:
            raise RuntimeError(f"server picked {best.info.run_id}, expected {expected_best}")

        mlflow.set_tag("best_run_id", best.info.run_id)
        mlflow.log_metric("best_val_accuracy", best.data.metrics["val_accuracy"])
        mlflow.log_dict(
            {
                "experiment": experiment_name,
                "best_run_id": best.info.run_id,
                "best_params": best.data.params,
                "runs": {name: final for _, name, final in results},
            },
            "sweep_summary.json",
        )
        accuracy_by_config = {
            f"{lr}/{bs}": final["val_accuracy"] for (lr, bs), (_, _, final) in zip(configs, results)
        }
        model_name = f"{experiment_name}-model"
        model = mlflow.pyfunc.log_model(
            name="model",
            python_model=BestConfig(accuracy_by_config),
            pip_requirements=[],
            registered_model_name=model_name,
        )

    children = client.search_runs(
        [experiment.experiment_id], filter_string=parent_filter, order_by=["attributes.start_time ASC"]
    )
    if len(children) != len(configs):
        raise RuntimeError(f"found {len(children)} child runs, expected {len(configs)}")
    print()
    print_table(children, best.info.run_id)

    history = client.get_metric_history(best.info.run_id, "val_accuracy")
    print(f"\nbest run {best.info.run_name} ({best.info.run_id}): "
          f"val_accuracy history has {len(history)} points")
    if sorted(m.step for m in history) != list(range(1, EPOCHS + 1)):
        raise RuntimeError(f"unexpected metric history steps: {[m.step for m in history]}")
    artifacts = [f.path for f in client.list_artifacts(parent_id)]
    if "sweep_summary.json" not in artifacts:
        raise RuntimeError(f"sweep_summary.json missing from parent artifacts: {artifacts}")
    print(f"parent run {parent_id} artifacts: {artifacts}")
    version = model.registered_model_version
    print(f"registered model {model_name} version {version} ({model.model_uri})")
    if version is None:
        raise RuntimeError("log_model did not register a model version")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as exc:  # noqa: BLE001 - any failure must give a non-zero exit code
        print(f"demo failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
