"""Saving is atomic: a process killed with SIGKILL mid-save never leaves a broken file.

A child process saves a large project over and over, alternating between two
versions; the test kills it at different moments and then opens the file. It must
always be one of the two versions, whole.

Two loops are used. ``save_project`` end to end spends most of its time building
and checking the bytes, so a kill rarely lands inside the write itself; the second
loop calls the atomic writer alone with ready-made bytes, so almost every kill lands
while a file is being written, flushed or renamed. (With a plain
``path.write_bytes`` in its place, that loop leaves a cut-off file most times.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qikit._io import atomic_write
from qikit.improve.projectfile import load_project, project_to_bytes

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only"),
]

BUILD = """
import numpy as np
import pandas as pd
from qikit.improve.measures import Measure
from qikit.improve.project import Note, Project
import datetime as dt

def build(version):
    rng = np.random.default_rng(7 if version == "A" else 8)
    x = pd.date_range("2000-01-03", periods=2000, freq="D")
    measures = [
        Measure(f"Measure {k}", kind="process", id=f"m{k}",
                data=pd.DataFrame({"x": x, "y": rng.normal(50, 5, len(x)).round(3)}))
        for k in range(10)
    ]
    return Project(f"version {version}", measures=measures, id="big",
                   notes=[Note(f"Saved as version {version}", id="n1")],
                   created=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
"""

LOOP = (
    BUILD
    + """
import sys
from qikit.improve.projectfile import save_project
path = sys.argv[1]
versions = [build("A"), build("B")]
if sys.argv[2] == "first":
    print("ready", flush=True)
save_project(versions[0], path, touch=False)
if sys.argv[2] != "first":
    print("ready", flush=True)
k = 1
while True:
    save_project(versions[k % 2], path, touch=False)
    k += 1
"""
)


@pytest.fixture(scope="module")
def versions():
    namespace: dict = {}
    exec(BUILD, namespace)  # the same builder as the child's
    return {name: namespace["build"](name) for name in ("A", "B")}


def _fork_writer(path: Path, versions: list[bytes], write=None) -> int:
    """Fork a child that writes ``versions`` to ``path`` in turn until killed."""
    write = write or atomic_write
    ready, signal_ready = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            os.close(ready)
            write(path, versions[0])
            os.write(signal_ready, b"r")
            k = 1
            while True:
                write(path, versions[k % 2])
                k += 1
        finally:
            os._exit(1)
    os.close(signal_ready)
    assert os.read(ready, 1) == b"r", "the writing process did not start"
    os.close(ready)
    return pid


def _kill_all_writes(folder: Path, versions: list[bytes], write=None) -> list[bytes]:
    """Kill a writer at several moments; return what the file held each time."""
    found = []
    for number, delay in enumerate([0.0, 0.002, 0.01, 0.03, 0.07, 0.12, 0.2, 0.35]):
        run = folder / f"run{number}"
        run.mkdir()
        path = run / "big.qiproj.json"
        pid = _fork_writer(path, versions, write)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        found.append(path.read_bytes())
        leftovers = [p.name for p in run.iterdir() if p.name != path.name]
        assert all(name.startswith(".big.qiproj.json.") for name in leftovers)
    return found


def _run_and_kill(path: Path, delay: float, mode: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen(
        [sys.executable, "-c", LOOP, str(path), mode],
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == b"ready", "the saving process did not start"
        time.sleep(delay)
        assert child.poll() is None, "the saving process stopped by itself"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("delay", [0.0, 1.1])
def test_killed_while_saving_leaves_a_whole_file(tmp_path, versions, delay):
    path = tmp_path / "big.qiproj.json"
    _run_and_kill(path, delay, "again")
    project = load_project(path)  # raises if the file is broken
    assert project.name in {"version A", "version B"}
    expected = versions[project.name[-1]]
    assert project == expected
    assert path.read_bytes() == project_to_bytes(expected)
    assert len(project.measures) == 10
    assert all(len(m.data) == 2000 for m in project.measures)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != path.name]
    assert all(name.startswith(".big.qiproj.json.") for name in leftovers)


def test_killed_during_the_first_save(tmp_path, versions):
    path = tmp_path / "big.qiproj.json"
    _run_and_kill(path, 0.2, "first")
    if path.exists():  # the first save finished: it must be whole
        assert load_project(path) == versions["A"]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != path.name]
    assert all(name.startswith(".big.qiproj.json.") for name in leftovers)


def test_killed_while_writing_leaves_a_whole_file(tmp_path, versions):
    wanted = [project_to_bytes(versions["A"]), project_to_bytes(versions["B"])]
    for data in _kill_all_writes(tmp_path, wanted):
        assert data in wanted, "the file was left cut off or mixed"
        assert load_project(data).name in {"version A", "version B"}


def test_the_kill_test_catches_a_plain_write(tmp_path, versions):
    """Without the temporary file and rename, the same kills leave broken files."""
    wanted = [project_to_bytes(versions["A"]), project_to_bytes(versions["B"])]

    def plain(path: Path, data: bytes) -> None:
        with open(path, "wb") as stream:
            for start in range(0, len(data), 65536):
                stream.write(data[start : start + 65536])
                stream.flush()

    found = _kill_all_writes(tmp_path, wanted, plain)
    assert any(data not in wanted for data in found)
