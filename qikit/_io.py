"""Writing files so that nothing a learner made is ever lost (private).

One owner for atomic writes and output-path checks, used by project files, exports,
storyboards, figures and data-set generation. Imports nothing from qikit's
subpackages, so every layer may use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qikit.errors import ProjectFileError

__all__ = ["atomic_write", "check_output_path", "fsync_directory", "write_bytes"]


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, whole.

    The bytes go to a temporary file in the same folder, are flushed to disk and the
    file is renamed over ``path``; a crash at any moment leaves one or the other. The
    old file's permissions are kept. ``OSError`` propagates; see :func:`write_bytes`
    for the friendly version.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write(target, b"hello")
    >>> target.read_bytes()
    b'hello'
    """
    path = Path(path)
    directory = path.parent
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=directory
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        # Tidy up and re-raise: the old file, if any, is untouched.
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    fsync_directory(directory)


def fsync_directory(directory: str | os.PathLike[str]) -> None:
    """Flush the folder entry of a rename to disk (POSIX; Windows has no such call)."""
    if os.name != "posix":  # pragma: no cover - exercised on Windows only
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def check_output_path(
    path: str | os.PathLike[str], *, verb: str = "save to", example: str = "chart.png"
) -> Path:
    """``path`` as a :class:`~pathlib.Path` that can be written, or a clear error.

    Parameters
    ----------
    path : str or path-like
        Where the file will go.
    verb : str
        How the message starts: ``"Cannot {verb} '...'"`` ("save to", "export to").
    example : str
        A file name to suggest when ``path`` is a folder.

    Raises
    ------
    ProjectFileError
        With ``reason="write_failed"`` when ``path`` is a folder or its folder does
        not exist.

    Examples
    --------
    >>> check_output_path("/no/such/folder/x.png")
    Traceback (most recent call last):
    ...
    qikit.errors.ProjectFileError: Cannot save to '/no/such/folder/x.png': the folder \
'/no/such/folder' does not exist. Create it first, or choose another folder.
    """
    path = Path(path)
    where = repr(str(path))
    if path.is_dir():
        raise ProjectFileError(
            f"Cannot {verb} {where}: this is a folder. Add a file name, such as "
            f"{example!r}.",
            reason="write_failed",
            source=where,
        )
    if not path.parent.is_dir():
        raise ProjectFileError(
            f"Cannot {verb} {where}: the folder {str(path.parent)!r} does not exist. "
            "Create it first, or choose another folder.",
            reason="write_failed",
            source=where,
        )
    return path


def write_bytes(
    path: str | os.PathLike[str], data: bytes, *, verb: str = "save to"
) -> Path:
    """Check ``path``, then write ``data`` atomically; OS errors become plain English.

    Raises
    ------
    ProjectFileError
        With ``reason="write_failed"``: the path is a folder, the folder is missing,
        or the disk refused (read-only, full, no permission).
    """
    path = check_output_path(path, verb=verb)
    try:
        atomic_write(path, data)
    except OSError as error:
        where = repr(str(path))
        raise ProjectFileError(
            f"Cannot {verb} {where}: {error.strerror or error}. Choose a folder you "
            "can write to, and check that the disk is not full.",
            reason="write_failed",
            source=where,
        ) from error
    return path
