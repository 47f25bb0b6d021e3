"""A page that counts its visits in redis and records them in postgres."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2
import redis

cache = redis.Redis(host=os.environ.get("REDIS_HOST", "cache"), port=6379)


def record_visit():
    with psycopg2.connect(os.environ["DATABASE_URL"]) as db, db.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS visits (at timestamptz DEFAULT now())")
        cur.execute("INSERT INTO visits DEFAULT VALUES")
        cur.execute("SELECT count(*) FROM visits")
        return cur.fetchone()[0]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        hits = cache.incr("hits")
        stored = record_visit()
        body = f"Hello from berth! cache hits: {hits}, visits stored in postgres: {stored}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
