"""The stock MLflow web UI against a server holding the demo sweep (scripts/demo.py), in headless Chromium.

Walks what a user looks at: the experiments list, the experiment's runs, a run's params and metrics, its metric
charts, the artifacts tab with a file preview, the model registry and a model version. Fails on any request the
UI makes that fails (a network error or an HTTP status >= 400), except the ones MLflow's own server fails too
(ALLOWED below), and on error banners. Screenshots of every page go to --shots.

Usage: python scripts/ui_browser_check.py --url http://127.0.0.1:PORT --shots target/ui [--chromium PATH]
Runs against `mlflow server` as well (that is how ALLOWED was established); the experiment and model are found by
name. Needs the `playwright` package and a Chromium binary (Debian's; Playwright's own download is not used).
"""

import argparse
import json
import os
import re
import shutil
import sys
import urllib.parse
import urllib.request

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]
ML = "workflowType=machine_learning"  # the UI opens in its GenAI view otherwise; training runs live in this one
WAIT_MS = 30_000
SETTLE_MS = 1_500

# (method, path, status, why) of requests the UI makes that fail on MLflow 3.17.2's own `mlflow server` as well,
# found by running this script against it (see scripts/test-ui.sh). Anything else failing fails the test.
ALLOWED = [
    ("GET", "/ajax-api/2.0/mlflow/users/current", 404, "MLflow answers 404 too: it exists only with basic auth"),
]

ERROR_TEXTS = ["Can't load", "Experiment load error", "Something went wrong", "An error occurred",
               "A GraphQL error occurred", "A network error occurred", "Request error", "Internal server error",
               "Failed to load", "Unable to list artifacts", "We couldn't load", "An unknown error occurred",
               "Requested resource does not exist", "The requested resource was not found",
               "Requested experiment was not found", "Experiment not found", "404: Resource not found"]


def api(base, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + "/api/2.0/mlflow/" + path, data=data,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def find_demo(base, experiment_name, model_name):
    """Ids of what the demo logged, looked up over the REST API."""
    query = urllib.parse.urlencode({"experiment_name": experiment_name})
    experiment = api(base, "experiments/get-by-name?" + query)["experiment"]["experiment_id"]
    runs = api(base, "runs/search", {"experiment_ids": [experiment], "max_results": 1000})["runs"]
    parent = next(r for r in runs if r["info"]["run_name"] == "lr-batch-sweep")
    children = [r for r in runs if any(t["key"] == "mlflow.parentRunId" for t in r["data"].get("tags", []))]
    best = max(children, key=lambda r: next(m["value"] for m in r["data"]["metrics"] if m["key"] == "val_accuracy"))
    return {"experiment": experiment, "runs": len(runs), "parent": parent["info"]["run_id"],
            "best": best["info"]["run_id"], "best_name": best["info"]["run_name"],
            "best_params": {p["key"]: p["value"] for p in best["data"]["params"]}, "model": model_name}


class Session:
    """One browser page; records every failed request and checks each page for error banners."""

    def __init__(self, page, base, shots):
        self.page, self.base, self.shots = page, base, shots
        self.failures, self.tolerated, self.problems, self.shot = [], [], [], 0
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _response(self, response):
        if response.status >= 400:
            self._failed(response.request.method, response.url, response.status)

    def _request_failed(self, request):
        failure = request.failure or ""
        if "ERR_ABORTED" in failure and request.resource_type in ("fetch", "xhr"):
            return  # a call the UI cancels itself when a view unmounts; not a server failure
        self._failed(request.method, request.url, failure)

    def _failed(self, method, url, status):
        path = urllib.parse.urlsplit(url).path
        for allowed_method, allowed_path, allowed_status, why in ALLOWED:
            if (method, path, status) == (allowed_method, allowed_path, allowed_status):
                self.tolerated.append(f"{method} {path} -> {status} ({why})")
                return
        self.failures.append(f"{method} {url} -> {status}")

    def visit(self, title, fragment, *expected_texts):
        """Opens a page, waits for each expected text, checks for error banners, takes a screenshot."""
        print(f"  {title}: {fragment}", flush=True)
        self.page.goto(f"{self.base}/{fragment}")
        for text in expected_texts:
            self.wait_text(title, text)

    def wait_text(self, title, text):
        try:
            self.page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=WAIT_MS)
        except PlaywrightError:
            self.problems.append(f"{title}: '{text}' never showed")

    def finish_page(self, title):
        # Settle: the UI keeps polling (auto-refresh), so "network idle" never comes; late calls still get recorded.
        self.page.wait_for_timeout(SETTLE_MS)
        body = self.page.inner_text("body")
        for text in ERROR_TEXTS:
            if text in body:
                self.problems.append(f"{title}: the page shows '{text}'")
        self.shot += 1
        name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        self.page.screenshot(path=os.path.join(self.shots, f"{self.shot:02d}-{name}.png"))

    def close_assistant(self):
        """The assistant panel opens by itself on a first visit; close it so pages show in full."""
        close = self.page.locator("[data-component-id='mlflow.assistant.chat_panel.close']")
        try:
            close.first.wait_for(state="visible", timeout=5_000)
            close.first.click()
        except PlaywrightError:
            pass


def walk(s, demo, experiment_name):
    e, parent, best = demo["experiment"], demo["parent"], demo["best"]
    s.visit("experiments list", f"#/experiments?{ML}", experiment_name)
    s.close_assistant()
    s.finish_page("experiments list")

    s.visit("experiment runs", f"#/experiments/{e}?{ML}", "lr-batch-sweep", f"{demo['runs']} matching runs")
    s.finish_page("experiment runs")

    params = demo["best_params"]
    s.visit("run overview", f"#/experiments/{e}/runs/{best}?{ML}", demo["best_name"], "learning_rate",
            params["learning_rate"], "val_accuracy", "train_loss")
    s.finish_page("run overview")

    s.visit("run metric charts", f"#/experiments/{e}/runs/{best}/model-metrics?{ML}", "val_accuracy")
    lines = s.page.locator(".js-plotly-plot path.js-line")
    try:
        lines.first.wait_for(state="attached", timeout=WAIT_MS)
        drawn = [d for d in (lines.nth(i).get_attribute("d") for i in range(lines.count())) if d and len(d) > 20]
        if len(drawn) < 3:
            s.problems.append(f"run metric charts: {len(drawn)} plotted lines, expected one per metric (3)")
    except PlaywrightError:
        s.problems.append("run metric charts: no plotted line appeared")
    s.finish_page("run metric charts")

    s.visit("run artifacts", f"#/experiments/{e}/runs/{parent}/artifacts?{ML}", "sweep_summary.json")
    s.page.get_by_text("sweep_summary.json").first.click()
    s.wait_text("run artifacts", "best_run_id")
    s.finish_page("run artifacts")

    s.visit("registered models", f"#/models?{ML}", demo["model"])
    s.finish_page("registered models")

    name = urllib.parse.quote(demo["model"])
    s.visit("model version", f"#/models/{name}/versions/1?{ML}", "Version 1", "lr-batch-sweep")
    s.finish_page("model version")

    # For the README: the sweep's runs side by side in the chart view of the experiment page.
    s.visit("experiment charts", f"#/experiments/{e}?{ML}", "lr-batch-sweep")
    try:
        s.page.locator("[data-component-id$='runnamecellrenderer.tsx_46']").first.click(timeout=WAIT_MS)
        s.wait_text("experiment charts", demo["best_name"])
        s.page.locator("[role=radiogroup] label").nth(1).click(timeout=WAIT_MS)
        s.page.locator(".js-plotly-plot path.js-line").first.wait_for(state="attached", timeout=WAIT_MS)
    except PlaywrightError as error:
        s.problems.append(f"experiment charts: {error.message.splitlines()[0]}")
    s.finish_page("experiment charts")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--shots", required=True)
    parser.add_argument("--experiment", default="demo-sweep")
    parser.add_argument("--model", default=None, help="registered model (default: <experiment>-model)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    os.makedirs(args.shots, exist_ok=True)
    demo = find_demo(base, args.experiment, args.model or f"{args.experiment}-model")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            session = Session(page, base, args.shots)
            walk(session, demo, args.experiment)
        finally:
            browser.close()

    for line in session.tolerated:
        print(f"  tolerated: {line}")
    for line in session.failures:
        print(f"  FAILED REQUEST: {line}")
    for line in session.problems:
        print(f"  PROBLEM: {line}")
    print(f"  screenshots: {args.shots}")
    if session.failures or session.problems:
        print(f"ui-check: {session.shot - len(session.problems)} passed, {len(session.failures) + len(session.problems)} failed")
        return 1
    print(f"ui-check: {session.shot} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
