"""The MLflow web UI for a deployed stack, on this machine: ./mlops ui-proxy.

The stack's HTTP API accepts only SigV4-signed requests (IAM authorization), and a browser cannot sign. This
process listens on 127.0.0.1 only, serves the UI's static files from the pinned build (.cache/mlflow-ui), and
forwards every other request (the UI's /ajax-api, /graphql, /get-artifact and /model-versions/get-artifact calls)
to the API, signed with the caller's own AWS credentials (botocore's default chain: environment, profile, SSO).
So the API stays closed to anyone without execute-api:Invoke, and the UI sees one origin, as it expects.

Browser cookies and authorization headers are never forwarded: the signature is the only credential upstream.
"""

import argparse
import http.server
import mimetypes
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.session import Session

# request headers worth passing on; everything else (cookies, the browser's own authorization, hop-by-hop
# headers, Host) stays here
FORWARDED_REQUEST_HEADERS = ("accept", "content-type", "x-mlflow-client", "idempotency-key")
# response headers the UI or the browser's safety rules rely on
FORWARDED_RESPONSE_HEADERS = ("content-type", "content-disposition", "x-content-type-options", "cache-control",
                              "retry-after")
MAX_BODY = 6 * 1024 * 1024  # Lambda's request limit: nothing larger could be answered anyway


def region_of(url):
    """eu-west-1 from https://abc.execute-api.eu-west-1.amazonaws.com, else None."""
    match = re.match(r"^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$", urllib.parse.urlsplit(url).hostname
                     or "")
    return match.group(1) if match else None


def static_file(ui_dir, path):
    """The file of the UI build a request path names ('/' is index.html), or None; never outside ui_dir."""
    if path in ("/", "/index.html"):
        relative = "index.html"
    elif path.startswith("/static-files/"):
        relative = urllib.parse.unquote(path[1:])
    else:
        return None
    root = Path(ui_dir).resolve()
    candidate = (root / relative).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


class Signer:
    def __init__(self, api_url, region, session=None):
        self.api_url = api_url.rstrip("/")
        self.region = region
        self.session = session or Session()

    def request(self, method, path_and_query, body, headers):
        credentials = self.session.get_credentials()
        if credentials is None:
            raise RuntimeError("no AWS credentials found (environment, ~/.aws profile or SSO)")
        request = AWSRequest(method=method, url=self.api_url + path_and_query, data=body, headers=headers)
        SigV4Auth(credentials.get_frozen_credentials(), "execute-api", self.region).add_auth(request)
        prepared = request.prepare()
        return urllib.request.Request(prepared.url, data=body if body else None, method=method,
                                      headers=dict(prepared.headers.items()))


def handler_for(ui_dir, signer):
    class UiProxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - http.server's naming
            path = urllib.parse.urlsplit(self.path).path
            if path == "/" or path == "/index.html" or path.startswith("/static-files/"):
                self.serve_static(path)
            else:
                self.forward()

        def do_POST(self):  # noqa: N802
            self.forward()

        do_PATCH = do_PUT = do_DELETE = do_POST  # noqa: N815

        def serve_static(self, path):
            found = static_file(ui_dir, path)
            if found is None:
                self.answer(404, b"Not found", "text/plain")
                return
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            self.answer(200, found.read_bytes(), kind,
                        {"Cache-Control": "no-cache" if found.name == "index.html" else "public, max-age=3600"})

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.answer(413, b'{"error_code": "INVALID_PARAMETER_VALUE", "message": "Request too large"}',
                            "application/json")
                return
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() in FORWARDED_REQUEST_HEADERS}
            try:
                upstream = urllib.request.urlopen(signer.request(self.command, self.path, body, headers),
                                                  timeout=60)
            except urllib.error.HTTPError as error:
                upstream = error
            except (urllib.error.URLError, OSError, RuntimeError) as error:
                self.answer(502, f"The API did not answer: {error}".encode(), "text/plain")
                return
            with upstream:
                payload = upstream.read()
                extra = {k: v for k, v in upstream.headers.items() if k.lower() in FORWARDED_RESPONSE_HEADERS
                         and k.lower() != "content-type"}
                self.answer(upstream.status if hasattr(upstream, "status") else upstream.code, payload,
                            upstream.headers.get("Content-Type", "application/octet-stream"), extra)

        def answer(self, status, payload, kind, extra=None):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def log_message(self, fmt, *args):
            sys.stderr.write("ui-proxy: " + (fmt % args) + "\n")

    return UiProxy


def serve(api_url, ui_dir, port=0, region=None, session=None):
    """A started-on-demand server bound to loopback; the caller runs serve_forever()."""
    region = region or region_of(api_url)
    if not region:
        raise SystemExit(f"cannot tell the region of {api_url}: give --region")
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler_for(ui_dir, Signer(api_url, region,
                                                                                            session)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the stack's ApiUrl")
    parser.add_argument("--ui-dir", required=True, help="the unpacked MLflow UI build (./mlops ui)")
    parser.add_argument("--port", type=int, default=5050)
    parser.add_argument("--region", help="the API's region (default: from the URL)")
    args = parser.parse_args(argv)
    if not (Path(args.ui_dir) / "index.html").is_file():
        raise SystemExit(f"no index.html in {args.ui_dir}: run ./mlops ui")
    server = serve(args.url, args.ui_dir, args.port, args.region)
    print(f"MLflow web UI for {args.url} at http://127.0.0.1:{server.server_address[1]}/ "
          f"(requests signed with your AWS credentials; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
