#!/usr/bin/env bash
# The training run of the server's AOT cache (scripts/lib.sh ensure_server_aot): the requests a training job and the
# UI send first, each a few times, so that the classes they load, link and warm are in the cache. Usage: URL.
set -euo pipefail
base="$1/api/2.0/mlflow"
post() { curl -sf -X POST -H 'Content-Type: application/json' "$base/$1" -d "$2"; }
get() { curl -sf "$base/$1"; }
field() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p"; }

for round in 1 2 3; do
  exp="$(post experiments/create "{\"name\":\"training-$round\",\"tags\":[{\"key\":\"team\",\"value\":\"t\"}]}" | field experiment_id)"
  get "experiments/get?experiment_id=$exp" > /dev/null
  get "experiments/get-by-name?experiment_name=training-$round" > /dev/null
  post experiments/search '{"max_results":10}' > /dev/null
  for i in 1 2 3 4; do
    run="$(post runs/create "{\"experiment_id\":\"$exp\",\"start_time\":$i,\"run_name\":\"r$i\",\"tags\":[{\"key\":\"mlflow.user\",\"value\":\"u\"}]}" | field run_id)"
    metrics=""
    for step in 0 1 2 3 4 5 6 7 8 9; do
      metrics="$metrics{\"key\":\"acc\",\"value\":0.$i$step,\"timestamp\":$step,\"step\":$step},{\"key\":\"loss\",\"value\":\"NaN\",\"timestamp\":$step,\"step\":$step},"
    done
    post runs/log-batch "{\"run_id\":\"$run\",\"metrics\":[${metrics%,}],\"params\":[{\"key\":\"lr\",\"value\":\"0.$i\"}],\"tags\":[{\"key\":\"phase\",\"value\":\"train\"}]}" > /dev/null
    post runs/log-metric "{\"run_id\":\"$run\",\"key\":\"val\",\"value\":1.5,\"timestamp\":1,\"step\":1}" > /dev/null
    post runs/log-parameter "{\"run_id\":\"$run\",\"key\":\"seed\",\"value\":\"$i\"}" > /dev/null
    post runs/set-tag "{\"run_id\":\"$run\",\"key\":\"note\",\"value\":\"x\"}" > /dev/null
    get "runs/get?run_id=$run" > /dev/null
    get "metrics/get-history?run_id=$run&metric_key=acc" > /dev/null
    get "metrics/get-history-bulk-interval?run_ids=$run&metric_key=acc&max_results=5" > /dev/null
    curl -sf -X PUT --data-binary "model bytes $i" "$1/api/2.0/mlflow-artifacts/artifacts/$exp/$run/artifacts/model.txt" > /dev/null
    get "artifacts/list?run_id=$run" > /dev/null
    post runs/update "{\"run_id\":\"$run\",\"status\":\"FINISHED\",\"end_time\":99}" > /dev/null
  done
  post runs/search "{\"experiment_ids\":[\"$exp\"],\"max_results\":100}" > /dev/null
  post runs/search "{\"experiment_ids\":[\"$exp\"],\"filter\":\"metrics.acc > 0.2\",\"order_by\":[\"metrics.acc DESC\"],\"max_results\":2}" > /dev/null
  post runs/search "{\"experiment_ids\":[\"$exp\"],\"filter\":\"params.lr = '0.1' and tags.phase = 'train'\",\"max_results\":100}" > /dev/null
  curl -sf "$base/runs/search?experiment_ids=$exp&order_by=params.lr" > /dev/null
  post registered-models/create "{\"name\":\"model-$round\"}" > /dev/null
  get "registered-models/get?name=model-$round" > /dev/null
  get "registered-models/search?max_results=10" > /dev/null
  get "model-versions/search?filter=name%20%3D%20%27model-$round%27" > /dev/null
  post experiments/create '{"name":"training-1"}' > /dev/null 2>&1 || true
done
