"""./mlops ui-proxy (scripts/ui_proxy.py): the web UI of a deployed, IAM-authorized stack in a browser. It serves the
UI build from loopback, forwards everything else to the API signed with SigV4 for execute-api, passes answers
back unchanged, and never forwards the browser's cookies or authorization, nor a file outside the build.
"""

import http.server
import json
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from botocore.credentials import Credentials

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "scripts"))
import ui_proxy  # noqa: E402


class FakeSession:
    """What botocore's session would find in the environment: an access key of the test's."""

    def get_credentials(self):
        return Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token")


class Upstream(http.server.BaseHTTPRequestHandler):
    """Stands in for API Gateway: records each request, answers like the API would."""
    seen = []

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        Upstream.seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                              self.rfile.read(length)))
        if self.path.startswith("/ajax-api/2.0/mlflow/runs/get"):
            payload, status = b'{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run x not found"}', 404
        else:
            payload, status = b'{"ok": true}', 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Set-Cookie", "never=forwarded")
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = handle_any  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    ui = tmp_path_factory.mktemp("ui")
    (ui / "index.html").write_text("<html>mlflow ui</html>")
    (ui / "static-files" / "js").mkdir(parents=True)
    (ui / "static-files" / "js" / "main.abc123.js").write_text("console.log('ui')")
    (ui.parent / "secret.txt").write_text("outside the build")
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    server = ui_proxy.serve(f"http://127.0.0.1:{upstream.server_address[1]}", str(ui), 0, "eu-west-1",
                            FakeSession())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    upstream.shutdown()


def fetch(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers.items()), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def test_it_serves_the_ui_build_and_nothing_outside_it(proxy):
    status, headers, body = fetch(proxy + "/")
    assert status == 200 and body == b"<html>mlflow ui</html>" and headers["Content-Type"] == "text/html"
    status, headers, body = fetch(proxy + "/static-files/js/main.abc123.js")
    assert status == 200 and body == b"console.log('ui')"
    assert fetch(proxy + "/static-files/../../secret.txt")[0] == 404
    assert fetch(proxy + "/static-files/%2e%2e/%2e%2e/secret.txt")[0] == 404
    assert not Upstream.seen, "static files never reach the API"


def test_it_signs_api_calls_for_execute_api_and_keeps_the_browsers_credentials(proxy):
    query = {"query": "query MlflowGetExperimentQuery { mlflowGetExperiment { experiment { name } } }"}
    status, headers, body = fetch(proxy + "/graphql", json.dumps(query).encode(),
                                  {"Content-Type": "application/json", "Cookie": "session=browser",
                                   "Authorization": "Bearer browser-token"})
    assert status == 200 and json.loads(body) == {"ok": True}
    assert headers["X-Content-Type-Options"] == "nosniff" and "Set-Cookie" not in headers
    method, path, sent, payload = Upstream.seen[-1]
    assert (method, path, json.loads(payload)) == ("POST", "/graphql", query)
    assert sent["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/execute-api/aws4_request" in sent["authorization"]
    assert sent["x-amz-security-token"] == "session-token" and "x-amz-date" in sent
    assert "cookie" not in sent and "Bearer" not in sent["authorization"]


def test_query_strings_methods_and_error_answers_pass_through(proxy):
    status, _, body = fetch(proxy + "/ajax-api/2.0/mlflow/runs/get?run_id=x")
    assert status == 404 and json.loads(body)["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    assert Upstream.seen[-1][1] == "/ajax-api/2.0/mlflow/runs/get?run_id=x"
    status, _, _ = fetch(proxy + "/ajax-api/2.0/mlflow/experiments/delete", b"{}",
                         {"Content-Type": "application/json"}, method="DELETE")
    assert status == 200 and Upstream.seen[-1][0] == "DELETE"


def test_the_region_comes_from_the_api_url():
    assert ui_proxy.region_of("https://abc123.execute-api.eu-west-1.amazonaws.com") == "eu-west-1"
    assert ui_proxy.region_of("http://127.0.0.1:5000") is None
