"""Gunicorn configuration for production, behind a reverse proxy (README, "Running in
production"). Gunicorn reads `gunicorn.conf.py` from the folder it starts in, so from the
checkout `gunicorn jpl_site.wsgi` uses this file; elsewhere pass `-c path/to/gunicorn.conf.py`.
Every value can be overridden from the environment (GUNICORN_*). Soak-tested by
`python -m tests.benchmarks soak` (8 clients, 5 minutes, PostgreSQL, 0 errors expected).

Why these values:
- gthread workers: a request waiting on PostgreSQL (or on the search cluster) holds a thread,
  not a whole process, so a few slow requests do not stop a worker answering others.
- Slow clients are the proxy's job: it buffers whole requests and responses (large uploads
  included), so gunicorn's threads only ever talk to a fast local client. Without the proxy,
  8 slow clients could hold every thread and health checks would time out.
- Workers are recycled after `max_requests` (with jitter, so not all at once): a worker that
  grew while converting a large Word upload gives its memory back.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Two processes per core (at most 8) and 4 threads each: 8 clients busy at once use about a
# third of the threads; PostgreSQL's max_connections must exceed workers x threads.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count(), 8))
threads = _int("GUNICORN_THREADS", 4)
# Seconds. A worker process that does not report in for `timeout` is restarted; with gthread
# it reports from its main loop, so this catches a stuck process, not a slow request (a Word
# conversion has its own limit). Graceful restarts wait `graceful_timeout` for requests.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive to the proxy only (it is local): short, so idle connections do not hold threads.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Request line and header limits (gunicorn's defaults, stated): the body limit is the
# proxy's `client_max_body_size`; Django holds at most DATA_UPLOAD_MAX_MEMORY_SIZE of a
# non-file body in memory and streams uploaded files over FILE_UPLOAD_MAX_MEMORY_SIZE to disk.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Trust X-Forwarded-* (the https scheme) only from the proxy on this host.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
