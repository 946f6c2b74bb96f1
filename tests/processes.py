"""Running a management command as the team does, in its own process, measured: its peak
memory (of the command and of any reader it starts) and its time."""

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
# Run in a child of a small wrapper, whose RUSAGE_CHILDREN covers the command and the
# workbook reader it starts (the largest of them).
WRAPPER = (
    "import resource, subprocess, sys;"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
    "print(done.stdout, done.stderr)"
)


@dataclass(frozen=True)
class Measured:
    status: int
    peak_mb: float
    seconds: float
    output: str  # stdout, then stderr


def run_measured(*arguments: str, media_root: Path, timeout: float = 120) -> Measured:
    """``manage.py *arguments`` against the test database (use ``transactional_db``: the
    command commits its import log)."""
    settings = connection.settings_dict
    environment = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}",
        "MEDIA_ROOT": str(media_root),
    }
    command = [sys.executable, "manage.py", *arguments]
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    seconds = time.monotonic() - start
    first, _, output = done.stdout.partition("\n")
    status, peak_kb = map(int, first.split())
    return Measured(status=status, peak_mb=peak_kb / 1024, seconds=seconds, output=output)
