"""Gunicorn's production config: `gunicorn -c gunicorn.conf.py ipt_finder.wsgi`.

Set by the environment: GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker
processes; default two per CPU plus one), GUNICORN_THREADS (default 1: sync workers) and
GUNICORN_TIMEOUT (seconds a worker may spend on a request before it is restarted; 30).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0)) * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
# Honoured by threaded workers; a sync worker closes each connection after its response.
keepalive = 5
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)

# No access log: search terms must never be logged. If one is turned on, its lines carry
# neither the query string nor the client's address.
accesslog = None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"

# One control socket per user would be shared by every instance on the machine.
control_socket_disable = True
