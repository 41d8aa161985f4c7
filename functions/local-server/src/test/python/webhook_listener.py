"""A local HTTP endpoint that records webhook deliveries, for the webhook client tests."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Listener:
    """Records every POST; answers /flaky with 500 for its first `failures` calls, /missing with 404."""

    def __init__(self, failures=2):
        self.received = []
        self.failures = failures
        self._lock = threading.Lock()
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8")
                with listener._lock:
                    listener.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    flaky_calls = sum(1 for r in listener.received if r["path"] == "/flaky")
                if self.path == "/missing":
                    code = 404
                elif self.path == "/flaky" and flaky_calls <= listener.failures:
                    code = 500
                else:
                    code = 200
                answer = json.dumps({"received": code == 200}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def wait_for(self, predicate, count, timeout=20.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self._lock:
                matching = [r for r in self.received if predicate(r)]
            if len(matching) >= count:
                return matching
            time.sleep(0.05)
        raise AssertionError(f"expected {count} deliveries, got {len(matching)}: {self.received}")
