"""build/forked.py: forked children and pipes, what the workers use instead of multiprocessing."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from deckgen.build import forked

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the build forks workers on Linux only")


def _echo(conn, inherited):
    for other in inherited:
        other.close()
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message == "exit 7":
            sys.exit(7)
        conn.send(("echo", message))


def test_messages_go_both_ways_whole_even_when_larger_than_a_pipe_holds():
    parent, child = forked.pipe()
    process = forked.Process(_echo, (child, [parent]))
    process.start()
    child.close()
    big = {"text": "ü" * 300_000, "numbers": list(range(50_000))}  # well over the pipe's 64 KB
    for message in ("hello", big, ("a", 1, None)):
        parent.send(message)
        assert parent.poll(10)
        assert parent.recv() == ("echo", message)
    assert not parent.poll()  # nothing more said
    parent.send("exit 7")
    with pytest.raises(EOFError):  # its end closed when it exited
        parent.recv()
    process.join(10)
    assert process.exitcode == 7 and not process.is_alive()
    parent.close()
    assert forked.active_children() == []


def _sleep(seconds):
    time.sleep(seconds)


def test_a_killed_child_shows_its_signal_and_join_waits_no_longer_than_asked():
    process = forked.Process(_sleep, (30,))
    process.start()
    assert process.is_alive() and forked.active_children() == [process]
    began = time.monotonic()
    process.join(0.2)
    assert 0.15 < time.monotonic() - began < 5 and process.exitcode is None
    process.kill()
    process.join(10)
    assert process.exitcode == -signal.SIGKILL
    assert forked.active_children() == []


def _fail():
    raise ZeroDivisionError("boom")


def test_a_child_that_raises_exits_1_and_never_runs_the_parents_code_after_the_fork(tmp_path):
    marker = tmp_path / "after-fork"
    parent = os.getpid()
    process = forked.Process(_fail)
    process.start()
    with open(marker, "a") as fh:  # every process that returns from start() writes its pid here
        fh.write(f"{os.getpid()}\n")
    if os.getpid() != parent:  # a child that came back: said above, and it leaves before running pytest on
        os._exit(0)
    process.join(10)
    assert process.exitcode == 1
    assert marker.read_text().split() == [str(parent)]


def test_wait_returns_the_channels_that_can_be_read():
    a_parent, a_child = forked.pipe()
    b_parent, b_child = forked.pipe()
    assert forked.wait([a_parent, b_parent], 0) == []
    b_child.send("ready")
    assert forked.wait([a_parent, b_parent], 5) == [b_parent]
    a_child.close()  # the end: readable too (recv says EOFError)
    assert set(forked.wait([a_parent, b_parent], 5)) == {a_parent, b_parent}
    with pytest.raises(EOFError):
        a_parent.recv()
    for end in (a_parent, b_parent, b_child):
        end.close()
