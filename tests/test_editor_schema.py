"""What an editor sees in VS Code: the YAML extension's language server on our schemas.

The server is Red Hat's ``yaml-language-server``, the one inside VS Code's YAML extension,
installed by ``.ci/install-linters``. The tests speak the Language Server Protocol to it over
stdin/stdout, as VS Code does, on a copy of ``arch/`` whose schemas ``kientruc schema`` wrote:
typing a reference offers the ids with their names, a malformed reference gets the validator's
Vietnamese words, and the repository's files open with no problem at all.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

import pytest
from kientruc.cli.schemas import write_schemas
from kientruc.model import load_model

REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / ".cache/linters/node_modules/.bin/yaml-language-server"
FILE = "cqdt/2.0/ung-dung.yaml"
LINE = "    owner: tb.org.ubnd-tinh\n"
"""A reference in ``FILE`` that the tests retype."""
WAIT = 30.0


class Server:
    """A language server on stdin/stdout: requests, notifications, and what it publishes."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen([str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.published: dict[str, list[dict[str, Any]]] = {}
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.count = 0
        self.request("initialize", {  # what VS Code says it can show
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "capabilities": {"textDocument": {"completion": {"completionItem": {
                "documentationFormat": ["markdown", "plaintext"]}}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {
            "validate": True, "completion": True, "schemaStore": {"enable": False}}}})

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not length:
                return
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def _next(self) -> dict[str, Any]:
        message = self.inbox.get(timeout=WAIT)
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.published[params["uri"]] = params["diagnostics"]
        elif "method" in message and "id" in message:  # the server asks for its settings
            items = message["params"].get("items", [])
            self._send({"id": message["id"], "result": [{"validate": True}] * len(items)})
        return message

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.count += 1
        self._send({"id": self.count, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == self.count and "method" not in message:
                assert "error" not in message, message
                return message["result"]

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        while uri not in self.published:
            self._next()
        return self.published.pop(uri)

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="module")
def arch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's sources with the schemas ``kientruc schema`` writes."""
    root = tmp_path_factory.mktemp("editor") / "arch"
    shutil.copytree(REPO / "arch", root, ignore=shutil.ignore_patterns("schema"))
    write_schemas(root / "schema", load_model(root, repo_root=root.parent))
    return root


@pytest.fixture(scope="module")
def server(arch: Path) -> Any:
    assert SERVER.is_file(), ("yaml-language-server is missing: run .ci/install-linters "
                              "(it needs node and npm)")
    running = Server(arch)
    yield running
    running.close()


def test_typing_a_reference_offers_the_ids_with_their_names(arch: Path, server: Server) -> None:
    path = arch / FILE
    original = path.read_text(encoding="utf-8")
    assert LINE in original
    text = original.replace(LINE, "    owner: tb.org.so\n", 1)
    uri = server.open(path, text)
    line = text.splitlines().index("    owner: tb.org.so")
    found = server.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": 20}})
    items = {item["label"]: item for item in found["items"]}
    assert "tb.org.so-tttt" in items and "tb.app.mot-cua" in items
    said = items["tb.org.so-tttt"]["documentation"]
    said = said["value"] if isinstance(said, dict) else said
    assert said == ("Sở Thông tin và Truyền thông tỉnh Thái Bình (Cơ quan, đơn vị) · "
                    "cqdt/1.0, cqdt/2.0, dttm/1.0")


def test_a_malformed_reference_is_explained_in_vietnamese(arch: Path, server: Server) -> None:
    path = arch / "cqdt/2.0/du-an.yaml"
    original = path.read_text(encoding="utf-8")
    owner = next(line for line in original.splitlines() if line.startswith("    lead: "))
    text = original.replace(owner, "    lead: Sở TT&TT", 1)
    said = [d["message"] for d in server.diagnostics(server.open(path, text))]
    assert said == ["cần mã của một thành phần (ví dụ tb.org.so-tttt), hoặc mã kèm phiên bản "
                    "(cqdt/1.0:tb.app.mot-cua)"]


def test_an_id_not_yet_listed_is_no_error(arch: Path, server: Server) -> None:
    """The list is for completion only: whether a reference exists is the validator's call."""
    path = arch / "cqdt/2.0/nghiep-vu.yaml"
    original = path.read_text(encoding="utf-8")
    first = next(line for line in original.splitlines() if line.startswith("    owner: "))
    text = original.replace(first, "    owner: tb.org.vua-them", 1)
    assert server.diagnostics(server.open(path, text)) == []


def test_every_kind_of_source_file_opens_without_a_problem(arch: Path, server: Server) -> None:
    """Each schema loads (the id list it refers to included) and passes the file it is for."""
    files = ["cqdt/2.0/version.yaml", "frameworks/vneaf-2.0.yaml", "common/quoc-gia/van-ban.yaml", "common/thai-binh/van-ban.yaml",
             "dttm/1.0/ha-tang-ket-noi-cam-bien.yaml", "common/quoc-gia/thuat-ngu.yaml"]
    for name in files:
        path = arch / name
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
        uri = server.open(path, path.read_text(encoding="utf-8"))
        assert server.diagnostics(uri) == [], name
