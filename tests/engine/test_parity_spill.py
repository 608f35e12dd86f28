"""The engine's DuckDB spill folder left by a killed process is removed by the next one:
only ours (``xlkpi-spill-<pid>-...``, a real folder of this user holding the marker that
names the same process) and only when that process is gone; nothing else is touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from xlkpi.sources import memory

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the sweep is POSIX only")

HOLD = (
    "from xlkpi.sources.memory import _spill_folder; print(_spill_folder(), flush=True); "
    "import time; time.sleep(120)"
)


def _holder(tmp_path) -> tuple[subprocess.Popen, str]:
    """A process that made its spill folder under ``tmp_path`` and waits."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": os.getcwd()}
    proc = subprocess.Popen([sys.executable, "-c", HOLD], stdout=subprocess.PIPE, text=True,
                            env=env)  # fmt: skip
    return proc, proc.stdout.readline().strip()


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_a_killed_process_folder_is_removed_a_running_ones_kept(tmp_path):
    killed, gone = _holder(tmp_path)
    running, kept = _holder(tmp_path)
    try:
        assert os.path.basename(gone).startswith(f"xlkpi-spill-{killed.pid}-")
        assert os.path.isfile(os.path.join(gone, memory.MARKER))
        killed.send_signal(signal.SIGKILL)
        killed.wait(10)
        assert os.path.isdir(gone)  # SIGKILL: no atexit
        assert memory.sweep(str(tmp_path)) == [gone]
        assert not os.path.exists(gone) and os.path.isdir(kept)
    finally:
        for proc in (killed, running):
            proc.kill()
            proc.wait(10)
            proc.stdout.close()


def test_a_new_spill_folder_sweeps_first(tmp_path, monkeypatch):
    pid = _dead_pid()
    stale = tmp_path / f"xlkpi-spill-{pid}-abc_1"
    stale.mkdir()
    (stale / memory.MARKER).write_text(memory._marker_text(pid), encoding="ascii")
    (stale / "duckdb_temp_block-1.block").write_bytes(b"x" * 10)
    monkeypatch.setattr(memory.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(memory, "_FOLDER", [])
    monkeypatch.setattr(memory.atexit, "register", lambda *a, **k: None)
    mine = memory._spill_folder()
    assert not stale.exists()
    assert os.path.basename(mine).startswith(f"xlkpi-spill-{os.getpid()}-")
    assert memory.sweep(str(tmp_path)) == [] and os.path.isdir(mine)  # running: kept


def test_nothing_but_a_gone_process_own_marked_folder_is_removed(tmp_path):
    pid, other = _dead_pid(), _dead_pid()
    marker = memory._marker_text(pid)

    def folder(name, text=marker):
        path = tmp_path / name
        path.mkdir()
        if text is not None:
            (path / memory.MARKER).write_text(text, encoding="ascii")
        return path

    kept = [
        folder(f"xlkpi-spill-{pid}-nomarker", text=None),
        folder(f"xlkpi-spill-{pid}-wrongpid", text=memory._marker_text(other)),
        folder(f"xlkpi-spill-{pid}-other text", text=marker),  # not mkdtemp's letters
        folder(f"xlkpi-spill-x{pid}-abc", text=marker),
        folder(f"my-xlkpi-spill-{pid}-abc", text=marker),
        folder(f"xlkpi-spill-{os.getpid()}-abc", text=memory._marker_text(os.getpid())),
    ]
    target = folder("elsewhere")  # a link to a marked folder: neither removed
    (target / memory.MARKER).write_text(marker, encoding="ascii")
    (tmp_path / f"xlkpi-spill-{pid}-link").symlink_to(target, target_is_directory=True)
    (tmp_path / f"xlkpi-spill-{pid}-file").write_text(marker, encoding="ascii")
    marker_link = folder(f"xlkpi-spill-{pid}-markerlink", text=None)
    (marker_link / memory.MARKER).symlink_to(target / memory.MARKER)
    removed = folder(f"xlkpi-spill-{pid}-abc_9")

    assert memory.sweep(str(tmp_path)) == [str(removed)]
    assert all(p.is_dir() for p in [*kept, target, marker_link])
    assert (tmp_path / f"xlkpi-spill-{pid}-link").is_symlink()
    assert (tmp_path / f"xlkpi-spill-{pid}-file").is_file()
    assert (target / memory.MARKER).is_file()
