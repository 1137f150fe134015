"""Progress of long jobs: what the audio writer says as it speaks reaches the build's display from the worker
processes, and logs get a plain line with the time left."""

import pytest

from builder import cli
from builder.build import build


@pytest.mark.parametrize("jobs_count", [1, 2])
def test_speech_progress_reaches_the_display_from_the_workers(mini_course, tmp_path, jobs_count):
    told = []
    build(mini_course, tmp_path / "out", formats=["audio", "html"], cache_dir=tmp_path / "cache",
          report=lambda line: None, jobs_count=jobs_count, working=lambda *said: told.append(said))
    assert told and {label for label, _, _ in told} == {"audio (en-GB)"}
    done = [amount for _, amount, _ in told]
    assert done == sorted(done) and told[-1][1] == told[-1][2] > 0  # words spoken, up to all of them
    told.clear()
    build(mini_course, tmp_path / "out", formats=["audio"], cache_dir=tmp_path / "cache", report=lambda line: None,
          jobs_count=jobs_count, working=lambda *said: told.append(said))
    assert told == []  # nothing to speak, nothing to show


def test_logs_get_a_plain_line_with_the_time_left(capsys, monkeypatch):
    clock = iter([100.0, 160.0, 161.0, 220.0])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    working = cli._plain_working(every=30)
    working("audio (pl)", 0, 1000)
    working("audio (pl)", 400, 1000)  # a minute in: 40% spoken
    working("audio (pl)", 410, 1000)  # a second later: not said again so soon
    working("audio (pl)", 1000, 1000)  # done: the closing table says so
    assert capsys.readouterr().err == "  audio (pl): 40% spoken, about 1 min 30 s left\n"
