"""Gunicorn settings for `make serve` and production (README "Deploying"); all from the environment."""

import multiprocessing
import os

wsgi_app = "justice_wp.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let one worker overlap database waits; each worker process has its own psycopg pool, so keep
# workers × DATABASE_POOL_MAX below PostgreSQL's max_connections across all app servers.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak cannot grow without bound; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The app logs each request as JSON (justice_wp/middleware.py); gunicorn's access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the load balancer may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn ≥ 25 opens a control socket at one fixed path per user; two instances on a host (or a
# process manager restarting one) would fight over it. Older versions ignore this name.
control_socket_disable = True
