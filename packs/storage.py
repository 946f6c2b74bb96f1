"""Where a pack's files live, and how they get there whole.

Each file is written under a temporary name in its final folder and moved into place with
one atomic rename only once it is complete, so a worker killed mid-write leaves a ``.tmp``
file that nothing reads, never a half file under the name a download serves. Each version
has its own folder, so a rebuild never touches a published version's files.
"""

import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings

TEMP_SUFFIX = ".tmp"
CHUNK = 1024 * 1024


def relative_folder(*, month: date, version: int) -> str:
    return f"packs/{month:%Y-%m}/v{version}"


def file_name(*, month: date, version: int, kind: str) -> str:
    return f"pack-{month:%Y-%m}-v{version}.{kind}"


def relative_path(*, month: date, version: int, kind: str) -> str:
    folder = relative_folder(month=month, version=version)
    return f"{folder}/{file_name(month=month, version=version, kind=kind)}"


def absolute(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


@dataclass(frozen=True)
class StagedFile:
    """A complete file under its temporary name, with what will be recorded about it."""

    kind: str
    temp: Path
    relative: str  # the final path, relative to MEDIA_ROOT
    size: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sync(path: Path) -> None:
    """Flush ``path`` (a file or a folder) to disk, so a rename never points at lost data."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def stage(*, month: date, version: int, kind: str, write: Callable[[Path], None]) -> StagedFile:
    """Call ``write(temp_path)`` and return the finished file, still under its temporary name."""
    relative = relative_path(month=month, version=version, kind=kind)
    final = absolute(relative)
    final.parent.mkdir(parents=True, exist_ok=True)
    temp = final.with_name(f".{final.name}.{uuid.uuid4().hex}{TEMP_SUFFIX}")
    try:
        write(temp)
        _sync(temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return StagedFile(
        kind=kind, temp=temp, relative=relative, size=temp.stat().st_size, sha256=sha256_of(temp)
    )


def move_into_place(staged: StagedFile) -> None:
    """The atomic rename that makes a staged file the one downloads serve."""
    final = absolute(staged.relative)
    os.replace(staged.temp, final)
    _sync(final.parent)


def discard(files: list[StagedFile]) -> None:
    for staged in files:
        staged.temp.unlink(missing_ok=True)


def remove_leftovers(*, month: date, version: int) -> list[Path]:
    """Delete temporary files an interrupted build of this version left behind."""
    folder = absolute(relative_folder(month=month, version=version))
    leftovers = list(folder.glob(f".*{TEMP_SUFFIX}")) if folder.is_dir() else []
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers
