"""The stdin lifeline in a real child process: EOF exits 1, and a normal exit with the
lifeline still reading is a clean exit, not an interpreter abort."""

from __future__ import annotations

import subprocess
import sys

CHILD = "import sys, time; from holomush_plugin.serve import start_stdin_lifeline; start_stdin_lifeline(); {rest}"


def test_eof_on_stdin_exits_with_code_1() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(rest="time.sleep(30)")], stdin=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdin is not None
    child.stdin.close()
    assert child.wait(timeout=20) == 1


def test_a_normal_exit_with_the_lifeline_running_is_clean() -> None:
    # stdin stays open (the host is alive) while the plugin exits on its own.
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(rest="time.sleep(0.2); sys.exit(0)")],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        code = child.wait(timeout=20)
        assert child.stderr is not None
        assert code == 0, child.stderr.read().decode()
    finally:
        assert child.stdin is not None
        child.stdin.close()
