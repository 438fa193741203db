"""Writing files safely: a temporary file in the same directory, flushed, then renamed.

An interrupted write never leaves a half-written file: readers see the old content or the new.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile

from .errors import WriteError

__all__ = ["WriteError", "atomic_write", "remove_stale_temporaries"]


def atomic_write(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Replace ``path`` with ``text`` atomically, keeping the old file's permissions."""
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    except OSError as error:
        raise WriteError(f"cannot write: {error.strerror}", target) from None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory
        )
    except OSError as error:
        raise WriteError(f"cannot write: {error.strerror}", target) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"cannot write: {error.strerror}", target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def remove_stale_temporaries(path: str | os.PathLike[str]) -> int:
    """Delete the temporary files that writes of ``path`` left when their process was killed.

    Call it only where one process owns ``path`` (a server opening its data): another process's
    write in progress would lose its temporary file. Returns how many were removed.
    """
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    pattern = os.path.join(glob.escape(directory), f".{glob.escape(os.path.basename(target))}.*.tmp")
    removed = 0
    for temporary in glob.glob(pattern):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
            removed += 1
    return removed
