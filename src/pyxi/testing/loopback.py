"""An HTTP server on 127.0.0.1 (a free port), served from a thread for the length of a `with`:
the one the test world's index, channel, mapping, auth and proxy servers all run on."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class _Server(http.server.ThreadingHTTPServer):
    # uv opens many connections at once; the default backlog (5) makes the kernel drop SYNs,
    # which costs a 1 s retransmit each time.
    request_queue_size = 256
    daemon_threads = True


@contextmanager
def running(handler: Any) -> Iterator[str]:
    """Serve with `handler` (a request handler class or factory); yields
    `http://127.0.0.1:PORT/`, and stops the server and its thread on leaving."""
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
