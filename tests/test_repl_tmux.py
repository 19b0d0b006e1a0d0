"""End to end: the real `shelldojo sandbox` in a tmux pseudo-terminal, read from the screen."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, data_dir: str) -> None:
        self.name = f"sd-{uuid.uuid4().hex[:8]}"
        cmd = f"{sys.executable} -m shelldojo sandbox --data-dir {data_dir}; echo EXITED $?; sleep 30"
        subprocess.run(["tmux", "new", "-d", "-s", self.name, "-x", "100", "-y", "30", cmd], check=True,
                       cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True,
                              text=True, check=True).stdout

    def wait_for(self, text: str, timeout: float = 15, count: int = 1) -> str:
        """Poll the screen until `text` is on it (at least `count` times)."""
        return self.wait_until(lambda screen: screen.count(text) >= count, f"{text!r} x{count}", timeout)

    def wait_until(self, ready: Callable[[str], bool], what: str, timeout: float = 15) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if ready(screen):
                return screen
            time.sleep(0.1)  # polling the screen, not pacing the test
        raise AssertionError(f"{what} not on screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)


@pytest.fixture
def tmux(tmp_path):
    t = Tmux(str(tmp_path))
    yield t
    t.close()


def test_sandbox_in_a_terminal(tmux, tmp_path):
    tmux.wait_for("learner@dojo:~$")
    tmux.keys("mkdir -p 'a b'/c", "Enter")
    tmux.wait_for("learner@dojo:~$", count=2)  # mkdir ran: the next prompt is up
    tmux.keys("cd a", "Tab")
    tmux.wait_for("cd a\\ b/")
    tmux.keys("Enter")
    tmux.wait_for("learner@dojo:~/a b$")
    prompts = tmux.screen().count("learner@dojo:~/a b$")
    tmux.keys("echo started; sleep 20", "Enter")
    tmux.wait_until(lambda screen: "\nstarted\n" in screen, "started (the line is running)")
    tmux.keys("C-c")
    tmux.wait_for("learner@dojo:~/a b$", count=prompts + 1)
    tmux.keys("echo status=$?", "Enter")
    tmux.wait_for("status=130")
    tmux.keys("sl", "Enter")
    tmux.wait_for("Command 'sl' not found, but can be installed with:")  # Ubuntu's command-not-found
    tmux.wait_for("sudo apt install sl\nlearner@dojo:~/a b$")  # no hint after it; the next prompt is up
    # a ^D typed while the terminal is between prompts (cooked mode) is the line discipline's,
    # as in a real terminal: type it again if the first one came too early
    for _ in range(3):
        tmux.keys("C-d")
        try:
            tmux.wait_for("EXITED 127", timeout=3)  # as bash: Ctrl-D exits with the last command's status
            break
        except AssertionError:
            continue
    tmux.wait_for("EXITED 127")
    assert (tmp_path / "sandbox.tar").exists()


def test_state_survives_a_restart(tmp_path):
    first = Tmux(str(tmp_path))
    try:
        first.wait_for("learner@dojo:~$")
        first.keys("echo kept > note", "Enter", "exit", "Enter")
        first.wait_for("EXITED 0")
    finally:
        first.close()
    second = Tmux(str(tmp_path))
    try:
        second.wait_for("learner@dojo:~$")
        second.keys("cat note; history", "Enter")
        screen = second.wait_for("cat note; history")
        assert "kept" in second.wait_for("kept")
        assert "1  echo kept > note" in screen or "1  echo kept > note" in second.screen()
    finally:
        second.close()
