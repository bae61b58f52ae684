"""Run the second half of a build in a forked process while MkDocs converts the pages.

MkDocs converts Markdown on one core. Drawing the diagrams, embedding them in their pages and
making the downloads are only needed after every page has been read (diagrams go into the
final HTML, downloads are copied after the pages are read), so on a machine with a second core
that work can run beside MkDocs instead of before it. The forked process shares the planned
site by copy-on-write (nothing is pickled on the way in) and hands back a small result: the
diagram HTML stays in a file (:class:`LateStore`) that pages read one at a time, so the main
process never holds every diagram in memory.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from ..errors import KientrucError
from . import lifetime

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

T = TypeVar("T")

Blocks = tuple[tuple[str, str], ...]
"""``(marker, html)`` pairs of one page."""


class LateStore:
    """The HTML blocks each page gets after MkDocs rendered it, kept as UTF-8 in one buffer.

    The buffer is either in memory or in a file; :meth:`blocks` decodes one page's blocks on
    demand. A store is small to pickle (an index of offsets) when it lives in a file.
    """

    def __init__(self, index: Mapping[str, tuple[tuple[str, int, int], ...]], *,
                 data: bytes | None = None, path: Path | None = None) -> None:
        """Wrap an index ``{page: ((marker, offset, length), …)}`` over ``data`` or ``path``."""
        self._index = dict(index)
        self._data = data
        self._path = path
        self._fd: int | None = None

    @classmethod
    def write(cls, pages: Iterable[tuple[str, Sequence[tuple[str, str]]]],
              path: Path | None = None) -> LateStore:
        """Store ``(page, blocks)`` pairs in memory, or in the file ``path`` when given."""
        writer = LateWriter(path)
        for page, blocks in pages:
            writer.add(page, blocks)
        return writer.close()

    def __contains__(self, page: str) -> bool:
        """Whether a page has blocks."""
        return page in self._index

    def __len__(self) -> int:
        """Number of pages with blocks."""
        return len(self._index)

    def blocks(self, page: str) -> Blocks:
        """The ``(marker, html)`` blocks of one page (empty when it has none)."""
        entries = self._index.get(page, ())
        if not entries:
            return ()
        return tuple((marker, self._read(offset, length).decode("utf-8"))
                     for marker, offset, length in entries)

    def _read(self, offset: int, length: int) -> bytes:
        if self._data is not None:
            return self._data[offset:offset + length]
        if self._fd is None:
            assert self._path is not None
            self._fd = os.open(self._path, os.O_RDONLY)
        return os.pread(self._fd, length, offset)

    def close(self) -> None:
        """Release the open file (a later read opens it again, if it still exists)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __getstate__(self) -> dict[str, object]:
        """Pickle without the open file."""
        return {**self.__dict__, "_fd": None}


class LateWriter:
    """Builds a :class:`LateStore` page by page, streaming to its file when it has one."""

    def __init__(self, path: Path | None = None) -> None:
        """Write to ``path``, or keep the blocks in memory."""
        self._path = path
        self._file = path.open("wb") if path is not None else None
        self._buffer = bytearray()
        self._size = 0
        self._index: dict[str, tuple[tuple[str, int, int], ...]] = {}

    def add(self, page: str, blocks: Sequence[tuple[str, str]]) -> None:
        """Add a page's blocks (after any it already has)."""
        entries = list(self._index.get(page, ()))
        for marker, html in blocks:
            data = html.encode("utf-8")
            entries.append((marker, self._size, len(data)))
            self._size += len(data)
            if self._file is not None:
                self._file.write(data)
            else:
                self._buffer += data
        self._index[page] = tuple(entries)

    def close(self) -> LateStore:
        """Finish writing and return the store."""
        if self._file is not None:
            self._file.close()
            return LateStore(self._index, path=self._path)
        return LateStore(self._index, data=bytes(self._buffer))


class Pending(Generic[T]):
    """A result that is ready now (:func:`ready`) or when a forked process ends."""

    def __init__(self, value: T | None = None, *, pid: int | None = None,
                 folder: Path | None = None, result: Path | None = None) -> None:
        """Use :func:`ready` or :func:`in_background` instead."""
        self._value = value
        self._pid = pid
        self._folder = folder
        self._result = result

    @property
    def folder(self) -> Path | None:
        """Scratch folder of the background process (removed by :meth:`close`)."""
        return self._folder

    def wait(self) -> T:
        """Block until the result is there and return it.

        Raises:
            KientrucError: The background work failed (its message says why).
        """
        if self._pid is not None:
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            outcome: tuple[str, object] = (
                "error", f"tiến trình phụ dừng bất thường (mã {os.waitstatus_to_exitcode(status)})")
            if self._result is not None and self._result.is_file():
                with self._result.open("rb") as handle:
                    outcome = pickle.load(handle)  # written by our own child
                self._result.unlink()
            if outcome[0] != "ok":
                raise KientrucError(str(outcome[1]))
            self._value = outcome[1]  # type: ignore[assignment]
        assert self._value is not None
        return self._value

    def close(self) -> None:
        """Stop the background process if it still runs and remove its scratch folder."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def ready(value: T) -> Pending[T]:
    """A result computed in this process."""
    return Pending(value)


def can_fork() -> bool:
    """Whether to fork: on Linux (Windows cannot, and macOS libraries dislike it)."""
    return hasattr(os, "fork") and sys.platform == "linux"


def scratch_folder(parent: Path | None) -> Path:
    """A new private folder for one build's background output (under ``parent`` if given).

    Folders left by builds whose process is gone (interrupted with Ctrl-C, killed) are removed
    first; the folder name carries the owning process id.
    """
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
        for old in parent.glob("build-*-*"):
            owner = old.name.split("-")[1]
            if owner.isdigit() and not _alive(int(owner)):
                shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"build-{os.getpid()}-", dir=parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def in_background(work: Callable[[Path], T], folder: Path) -> Pending[T]:
    """Run ``work(folder)`` in a forked process; its result comes back pickled through a file.

    ``work`` must not start threads before it is called (it runs after the fork) and may write
    large output into ``folder``, returning only small data. The parent keeps no reference to
    ``work``, so whatever only the work needs is freed in the parent once the caller drops it.
    """
    result = folder / "result.pickle"
    parent = os.getpid()
    lifetime.prepare()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 1
        try:
            lifetime.die_with_parent(parent)  # a `kill -9` of the build must not leave this running
            try:
                outcome: tuple[str, object] = ("ok", work(folder))
            except KientrucError as error:
                outcome = ("error", str(error))
            except BaseException as error:  # reported to the parent, not lost
                detail = "".join(traceback.format_exception_only(type(error), error)).strip()
                outcome = ("error", f"lỗi nội bộ khi vẽ sơ đồ và tạo tệp tải về: {detail}")
            tmp = result.with_suffix(".tmp")
            with tmp.open("wb") as handle:
                pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(result)
            code = 0
        finally:
            os._exit(code)
    return Pending(pid=pid, folder=folder, result=result)
