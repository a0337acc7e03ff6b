"""The sandbox directory farm: every site under /d/<slug>/ on one local stdlib HTTP server.

``start_sandbox(host="127.0.0.1", port=0)`` runs it in a background thread and returns a SandboxServer
(.base_url, .received(slug), .reset(), .stop(), .catalog()). JSON endpoints: GET /_received (all sites),
GET /_received/<slug>, POST /_reset, GET /_catalog.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .sites import Response, Site, Store, build_sites


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    ct = (content_type or "").split(";")[0].strip().lower()
    if ct == "application/json":
        try:
            obj = json.loads(raw.decode("utf-8") or "{}")
            return obj if isinstance(obj, dict) else {}
        except ValueError:
            return {}
    if ct == "multipart/form-data":
        from email.parser import BytesParser
        from email.policy import default

        msg = BytesParser(policy=default).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        out: dict[str, Any] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                _put(out, name, part.get_content() if isinstance(part.get_content(), str) else "")
        return out
    out = {}
    for k, vs in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items():
        for v in vs:
            _put(out, k, v)
    return out


def _put(out: dict[str, Any], k: str, v: str) -> None:
    if k in out:
        if isinstance(out[k], list):
            out[k].append(v)
        else:
            out[k] = [out[k], v]
    elif k.endswith("[]"):
        out[k] = [v]
    else:
        out[k] = v


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def _send(self, resp: Response) -> None:
        if resp.delay:
            time.sleep(resp.delay)
        body = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self) -> tuple[Site | None, str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        segs = parts.path.split("/")
        # /d/<slug>/<rest...>
        if len(segs) >= 3 and segs[1] == "d":
            site = self.server.sites.get(segs[2])
            return site, "/".join(segs[3:]), query
        return None, parts.path, query

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        site, rest, query = self._route()
        if site is None:
            self._send(self.server.special_get(rest))
            return
        if not self.path.split("?")[0].startswith(f"/d/{site.slug}/"):
            self._send(Response(301, "", {"Location": f"/d/{site.slug}/"}))
            return
        try:
            self._send(site.get(rest, query))
        except Exception as exc:  # noqa: BLE001
            self._send(Response(500, f"sandbox error: {exc}", content_type="text/plain"))

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        site, rest, _query = self._route()
        if site is None:
            if rest == "/_reset":
                self.server.reset()
                self._send(Response(200, json.dumps({"ok": True}), content_type="application/json"))
            else:
                self._send(Response(404, "not found", content_type="text/plain"))
            return
        data = _parse_body(self.headers.get("Content-Type", ""), raw)
        try:
            self._send(site.post(rest, data))
        except Exception as exc:  # noqa: BLE001
            self._send(Response(500, f"sandbox error: {exc}", content_type="text/plain"))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr: tuple[str, int]) -> None:
        self.store = Store()
        self.sites = build_sites(self.store)
        super().__init__(addr, _Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        self.store.reset()
        for s in self.sites.values():
            if hasattr(s, "reset"):
                s.reset()

    def special_get(self, path: str) -> Response:
        if path == "/_received":
            return Response(200, json.dumps(self.store.all(), default=str), content_type="application/json")
        if path.startswith("/_received/"):
            slug = path.split("/", 2)[2]
            return Response(200, json.dumps(self.store.get(slug), default=str), content_type="application/json")
        if path == "/_catalog":
            from .catalog import catalog

            return Response(200, json.dumps(catalog(self.base_url), indent=2), content_type="application/json")
        if path in ("/", ""):
            items = "".join(
                f'<li><a href="/d/{s.slug}/{s.entry}">{s.title}</a> - {s.__doc__ or ""} '
                f"<i>expected: {s.expected[0]} {s.expected[1] or ''}</i></li>"
                for s in self.sites.values()
            )
            return Response(200, f"<!doctype html><html><body><h1>DirectoryBolt sandbox</h1><ul>{items}</ul></body></html>")
        return Response(404, "not found", content_type="text/plain")


class SandboxServer:
    """A running sandbox (background thread)."""

    def __init__(self, server: _Server, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def sites(self) -> dict[str, Site]:
        return self._server.sites

    def url(self, slug: str) -> str:
        site = self._server.sites[slug]
        return f"{self.base_url}/d/{slug}/{site.entry}"

    def received(self, slug: str) -> list[dict[str, Any]]:
        """Every submission the site received: {"fields": {...}, "accepted": bool, "outcome": str, "at": ts}."""
        return self._server.store.get(slug)

    def received_all(self) -> dict[str, list[dict[str, Any]]]:
        return self._server.store.all()

    def reset(self) -> None:
        self._server.reset()

    def catalog(self) -> list[dict[str, Any]]:
        from .catalog import catalog

        return catalog(self.base_url)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "SandboxServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def make_server(host: str = "127.0.0.1", port: int = 0) -> _Server:
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the sandbox only serves on the loopback interface")
    return _Server((host, port))


def start_sandbox(host: str = "127.0.0.1", port: int = 0) -> SandboxServer:
    server = make_server(host, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="dbolt-sandbox", daemon=True)
    thread.start()
    return SandboxServer(server, thread)
