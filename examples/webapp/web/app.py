"""A page that counts its visits in redis and records them in postgres."""
import os
import signal
import sys
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2
import redis

cache = redis.Redis(host=os.environ.get("REDIS_HOST", "cache"), port=6379)


def record_visit():
    # `with connection` only ends the transaction; closing() also ends the session.
    with closing(psycopg2.connect(os.environ["DATABASE_URL"])) as db, db, db.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS visits (at timestamptz DEFAULT now())")
        cur.execute("INSERT INTO visits DEFAULT VALUES")
        cur.execute("SELECT count(*) FROM visits")
        return cur.fetchone()[0]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            # The healthcheck's page: answers without counting a visit.
            self.reply(b"ok\n")
            return
        hits = cache.incr("hits")
        stored = record_visit()
        self.reply(f"Hello from berth! cache hits: {hits}, visits stored in postgres: {stored}\n".encode())

    def log_request(self, code="-", size="-"):
        # Keep the healthcheck's requests, one every two seconds, out of the log.
        if self.path != "/healthz":
            super().log_request(code, size)

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# As PID 1 the process gets no default action for SIGTERM: without a handler, `down` would wait
# out the stop timeout and then kill it.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
