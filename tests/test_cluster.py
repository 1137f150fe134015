"""Builds on a real Dask cluster: a scheduler and worker processes on 127.0.0.1, started here as an IT team
would start them, give the same bytes as a build on this machine, survive a worker killed mid-job, and
refuse workers that would build differently."""

from __future__ import annotations

import json
import re
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from builder import cluster
from builder.scheduler import VARIABLE
from builder.jobs import Job, JobResult
from builder.writers.base import OutputFile

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content"
FORMATS = "html,docx,braille"  # pictures (Word draws the SVGs), translation, braille tables; the short ones


class Cluster:
    """A scheduler and its workers, each a process of its own; stopped at the end."""

    def __init__(self, folder: Path, workers: int, preload: str | None = None, nanny: bool = False):
        self.folder, self.processes = folder, []
        scheduler_file = folder / "scheduler.json"
        self.processes.append(self._start("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                                          "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(scheduler_file)))
        for _ in range(100):
            if scheduler_file.is_file() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]
        self.workers = [self.add_worker(preload, nanny) for _ in range(workers)]
        self.wait_for(workers)

    def _start(self, module: str, *args: str) -> subprocess.Popen:
        log = open(self.folder / f"{module.rsplit('.', 1)[-1]}-{len(self.processes)}.log", "wb")
        # the workers' temporary folder (their own caches, Dask's scratch space) inside the test's
        return subprocess.Popen([sys.executable, "-m", module, *args], stdout=log, stderr=subprocess.STDOUT,
                                cwd=self.folder, env={**os.environ, "TMPDIR": str(self.folder)})

    def add_worker(self, preload: str | None = None, nanny: bool = False) -> subprocess.Popen:
        extra = (["--preload", preload] if preload else []) + ([] if nanny else ["--no-nanny"])
        process = self._start("distributed.cli.dask_worker", self.address, "--nthreads", "1",
                              "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0", *extra)
        self.processes.append(process)
        return process

    def client(self):
        from distributed import Client

        return Client(self.address, timeout=30, set_as_default=False)

    def wait_for(self, count: int) -> None:
        with self.client() as client:
            client.wait_for_workers(count, timeout=60)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    started = Cluster(tmp_path_factory.mktemp("cluster"), workers=2)
    yield started
    started.stop()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != ".build.lock"}


def _build(run_cli, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("build", "--content", str(SAMPLE), "--output", str(out), "--cache", str(out.parent / "cache"),
                   "--formats", FORMATS, "--languages", "en-GB,ur", "--editions", "participant,trainer", *extra)


@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    """The sample built on this machine, in worker processes: what the cluster must match byte for byte."""
    from builder.build import build

    out = tmp_path_factory.mktemp("local") / "out"
    build(SAMPLE, out, FORMATS.split(","), ["en-GB", "ur"], report=lambda line: None, jobs_count=2,
          editions=["participant", "trainer"])
    return _files(out)


def test_a_build_on_a_cluster_gives_the_same_bytes_as_on_this_machine(run_cli, dask_cluster, local_build, tmp_path):
    code, stdout, stderr = _build(run_cli, tmp_path / "out", "--scheduler", dask_cluster.address)

    assert code == 0, stderr
    assert f"Running jobs on the Dask cluster at {dask_cluster.address}: 2 worker(s)" in stdout + stderr
    made = _files(tmp_path / "out")
    assert sorted(made) == sorted(local_build) and len(made) > 30
    assert [name for name in made if made[name] != local_build[name]] == []
    # Nothing changed: nothing runs, on the cluster or here
    code, stdout, _ = _build(run_cli, tmp_path / "out", "--scheduler", dask_cluster.address)
    assert code == 0 and "Everything is up to date" in stdout and "job(s) to run" not in stdout


def test_the_scheduler_can_come_from_the_environment_or_course_toml(run_cli, dask_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv(VARIABLE, dask_cluster.address)
    code, stdout, stderr = run_cli("build", "--content", str(SAMPLE), "--output", str(tmp_path / "a"), "--formats", "html",
                              "--languages", "en-GB", "--editions", "participant")
    assert code == 0 and f"Dask cluster at {dask_cluster.address}" in stdout + stderr
    monkeypatch.delenv(VARIABLE)
    course = tmp_path / "course"
    subprocess.run(["cp", "-r", str(SAMPLE), str(course)], check=True)
    with open(course / "course.toml", "a", encoding="utf-8") as toml:
        toml.write(f'\n[build]\nscheduler = "{dask_cluster.address}"\n')
    code, stdout, stderr = run_cli("build", "--content", str(course), "--output", str(tmp_path / "b"), "--formats", "html",
                              "--languages", "en-GB", "--editions", "participant")
    assert code == 0 and f"Dask cluster at {dask_cluster.address}" in stdout + stderr
    assert (tmp_path / "a" / "participant" / "en-GB").is_dir() and (tmp_path / "b" / "participant" / "en-GB").is_dir()


def test_a_library_of_courses_builds_on_the_cluster_each_into_its_folder(run_cli, dask_cluster, tmp_path):
    from tests.conftest import COURSE_TOML, write_course

    write_course(tmp_path / "one", {"01-a.md": "# Saying no\n\nIt is all right to say no.\n"})
    write_course(tmp_path / "two", {"01-a.md": "# Sleep\n\nRest helps.\n"}, COURSE_TOML.replace("Test Course", "Rest"))
    (tmp_path / "library.toml").write_text('courses = ["one", "two"]\n')
    # course.toml names one scheduler and the command line another: the command line's is used
    for folder in ("one", "two"):
        with open(tmp_path / folder / "course.toml", "a", encoding="utf-8") as toml:
            toml.write(f'\n[build]\nscheduler = "tcp://{folder}.invalid:8786"\n')
    code, stdout, stderr = run_cli("build", "--content", str(tmp_path / "library.toml"), "--output", str(tmp_path / "out"),
                                   "--formats", "html,braille", "--scheduler", dask_cluster.address)
    assert code == 0, stderr
    assert "4 of 4 job(s) to run" in stdout + stderr and len(re.findall(r"Wrote \d+ file", stdout)) == 2
    assert "It is all right to say no." in (tmp_path / "out/test-course/participant/en-GB/test-course-en-gb.html").read_text()
    assert "Rest helps." in (tmp_path / "out/rest/participant/en-GB/rest-en-gb.html").read_text()


def test_a_workers_own_cache_loses_what_no_build_used_for_a_month(dask_cluster):
    """Where the build's cache cannot be reached, a worker keeps its own: pruned as the build's is."""
    month_ago = time.time() - 40 * 86400
    own = dask_cluster.folder / "atb-worker-cache"
    stale, fresh = own / "large-print" / "ab" / ("ab" + "0" * 62 + ".pdf"), own / "mp3" / "cd" / ("cd" + "1" * 62 + ".mp3")
    for path in (stale, fresh):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"kept by a worker")
    os.utime(stale, (month_ago, month_ago))
    with dask_cluster.client() as client:
        cluster.prune_own_caches(client, ["large-print", "mp3"])
    assert not stale.exists() and fresh.exists()


def test_a_job_failing_on_a_worker_names_the_trainers_file_and_line(dask_cluster, course_dir, tmp_path):
    """An error found on a worker (a picture Word cannot draw) is said at the module line here, not at the
    worker's copy; the other formats are written."""
    from builder.build import JobsFailed, build

    looping = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><defs><g id="a"><use href="#b"/></g>'
               '<g id="b"><use href="#a"/></g></defs><use href="#a"/><rect width="5" height="5"/></svg>')
    content = course_dir({"01-a.md": "# A\n\nText.\n\n![A loop](images/loop.svg)\n"})
    (content / "images").mkdir()
    (content / "images" / "loop.svg").write_text(looping, encoding="utf-8")
    with pytest.raises(JobsFailed) as failed:
        build(content, tmp_path / "out", formats=["docx", "html"], report=lambda line: None,
              scheduler=dask_cluster.address)
    [word] = failed.value.problems
    assert (word.path, word.line) == (str(content / "01-a.md"), 5) and "could not be drawn for Word" in word.message
    assert (tmp_path / "out" / "participant" / "en-GB" / "test-course-en-gb.html").is_file()


def test_speech_progress_reaches_the_display_from_the_cluster(dask_cluster, mini_course, tmp_path):
    """What the audio writer says as it speaks on a worker comes back as Dask events to the build's display."""
    from builder.build import build

    told = []
    build(mini_course, tmp_path / "out", formats=["audio"], cache_dir=tmp_path / "cache", report=lambda line: None,
          working=lambda *said: told.append(said), scheduler=dask_cluster.address)
    for _ in range(50):  # events arrive on the client's own thread, a moment after the job's result at most
        if told and told[-1][1] == told[-1][2]:
            break
        time.sleep(0.1)
    assert told and {label for label, _, _ in told} == {"audio (en-GB)"}
    done = [amount for _, amount, _ in told]
    assert done == sorted(done) and told[-1][1] == told[-1][2] > 0


PRELOAD_SLOW_START = """
import time
from pathlib import Path

from builder import jobs

if not hasattr(jobs.run, "slow"):  # Dask may run a preload twice
    real_run = jobs.run

    def run(job, course, cache_dir, working=None):
        Path({flag!r}).write_text(job.label)  # the test kills this worker now, mid-job
        time.sleep(5)
        return real_run(job, course, cache_dir, working)

    run.slow = True
    jobs.run = run
"""


def test_a_worker_killed_mid_job_is_retried_elsewhere_and_the_bytes_are_the_same(dask_cluster, local_build,
                                                                                  tmp_path):
    """A third worker is killed (SIGKILL, by its PID) while it runs a job: Dask runs that job on another."""
    from builder.build import build

    flag = tmp_path / "busy"
    (tmp_path / "slow.py").write_text(PRELOAD_SLOW_START.format(flag=str(flag)))
    victim = dask_cluster.add_worker(str(tmp_path / "slow.py"))
    dask_cluster.wait_for(3)
    done, killed = threading.Event(), []

    def kill_when_busy() -> None:
        while not done.is_set():
            if flag.is_file():
                os.kill(victim.pid, signal.SIGKILL)
                killed.append(flag.read_text())
                return
            time.sleep(0.01)

    thread = threading.Thread(target=kill_when_busy)
    thread.start()
    try:
        build(SAMPLE, tmp_path / "out", FORMATS.split(","), ["en-GB", "ur"], report=lambda line: None,
              cache_dir=tmp_path / "cache", editions=["participant", "trainer"], scheduler=dask_cluster.address)
    finally:
        done.set()
        thread.join()
    assert killed and victim.wait(timeout=10) == -signal.SIGKILL
    made = _files(tmp_path / "out")
    assert sorted(made) == sorted(local_build)
    assert [name for name in made if made[name] != local_build[name]] == []


def test_ctrl_c_cancels_the_jobs_left_on_the_cluster(dask_cluster, tmp_path):
    """Ctrl-C while a job runs on the cluster: the build stops (130), leaves no partial file, and the scheduler
    is left with no task of it."""
    flag = tmp_path / "busy"
    (tmp_path / "slow.py").write_text(PRELOAD_SLOW_START.format(flag=str(flag)))
    slow = dask_cluster.add_worker(str(tmp_path / "slow.py"))
    dask_cluster.wait_for(len([p for p in dask_cluster.processes[1:] if p.poll() is None]))
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "builder", "build", "--content", str(SAMPLE), "--output", str(out),
                              "--formats", FORMATS, "--scheduler", dask_cluster.address], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not flag.is_file() and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.01)
        assert flag.is_file(), "no job reached the slow worker"
        build.send_signal(signal.SIGINT)
        _, stderr = build.communicate(timeout=60)
    finally:
        build.kill()
        slow.kill()
    assert build.returncode == 130 and b"Stopped." in stderr and b"Traceback" not in stderr
    assert not list(out.rglob("*.part"))
    with dask_cluster.client() as client:
        for _ in range(100):
            left = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
            if not left:
                break
            time.sleep(0.1)
    assert left == 0


def test_an_unreachable_scheduler_is_one_line_before_any_work(run_cli, tmp_path):
    import socket

    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    code, stdout, stderr = run_cli("build", "--content", str(SAMPLE), "--output", str(tmp_path / "out"),
                                   "--formats", "html", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert code == 1 and stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}") \
        and "refused" in stderr
    assert not (tmp_path / "out").exists() and "job(s) to run" not in stdout


def test_what_listens_at_the_address_but_is_not_a_scheduler_is_one_line(run_cli, dask_cluster, tmp_path):
    """A web server (a dashboard's port), and tls:// without Dask's TLS settings: one line each, no traceback."""
    import http.server

    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = dask_cluster.address.rsplit(":", 1)[1]
    try:
        for address, said in ((f"tcp://127.0.0.1:{server.server_port}", "something listens but says nothing at "),
                              (f"tls://127.0.0.1:{port}", "(tls:// needs Dask's TLS settings: README)")):
            code, stdout, stderr = run_cli("build", "--content", str(SAMPLE), "--output", str(tmp_path / "out"),
                                           "--formats", "html", "--scheduler", address)
            assert code == 1 and stderr.count("\n") == 1 and said in stderr and "Traceback" not in stderr, stderr
    finally:
        server.shutdown()
    assert not (tmp_path / "out").exists()


def test_a_scheduler_lost_mid_build_fails_the_jobs_left_in_one_line_each(run_cli, tmp_path):
    """The scheduler killed while a job runs: that job and those not yet run fail saying so, the build ends
    with its table and exit 1 (no traceback), and nothing half-written is left."""
    flag = tmp_path / "busy"
    (tmp_path / "slow.py").write_text(PRELOAD_SLOW_START.format(flag=str(flag)))
    lost = Cluster(tmp_path, workers=1, preload=str(tmp_path / "slow.py"))
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "builder", "build", "--content", str(SAMPLE), "--output", str(out),
                              "--formats", "html,braille", "--languages", "en-GB", "--editions", "participant",
                              "--scheduler", lost.address], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not flag.is_file() and time.monotonic() < deadline:
            time.sleep(0.01)
        lost.processes[0].kill()  # the scheduler
        stdout, stderr = build.communicate(timeout=120)
    finally:
        build.kill()
        lost.stop()
    assert build.returncode == 1 and "Traceback" not in stderr, stderr
    assert "was lost before this job finished: run the build again" in stderr
    assert re.search(r"html \(en-GB\) +failed", stdout) and re.search(r"braille \(en-GB\) +failed", stdout)
    assert not list(out.rglob("*.part"))


@pytest.mark.parametrize("address", ["http://127.0.0.1:8786", "tcp://127.0.0.1", "udp://host:1", "tcp://:8786"])
def test_an_address_that_is_not_a_schedulers_is_one_line(capsys, tmp_path, address):
    from builder.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["build", "--content", str(SAMPLE), "--output", str(tmp_path), "--scheduler", address])
    said = capsys.readouterr().err.splitlines()[-1]
    assert stopped.value.code == 2 and said.startswith("error: argument --scheduler: must be an address such as")


def test_course_toml_names_a_bad_scheduler_at_its_line(run_cli, course_dir):
    from tests.conftest import COURSE_TOML

    content = course_dir({"01-a.md": "# A\n\nText.\n"}, COURSE_TOML + '\n[build]\nscheduler = "http://x:1"\n')
    code, _, stderr = run_cli("check", "--content", str(content))
    line = (content / "course.toml").read_text().splitlines().index('scheduler = "http://x:1"') + 1
    assert code == 1 and f"course.toml:{line}: error: " in stderr and "tcp://" in stderr


PRELOAD_OTHER_VERSION = """
from builder import cluster
from builder.scheduler import VARIABLE

if not hasattr(cluster.environment, "altered"):  # Dask may run a preload twice
    real = cluster.environment()
    cluster.environment = lambda: {**real, "weasyprint": "69.0"}
    cluster.environment.altered = True
"""

PRELOAD_ROGUE = """
from builder import jobs
from builder.writers.base import OutputFile

if not hasattr(jobs.run, "rogue"):  # Dask may run a preload twice
    real_run = jobs.run

    def run(job, course, cache_dir, working=None):
        result = real_run(job, course, cache_dir, working)
        result.outputs.append(OutputFile("../../../escaped.txt", b"not the job's"))
        return result

    run.rogue = True
    jobs.run = run
"""


@pytest.mark.parametrize("preload, nanny, expected", [
    (PRELOAD_OTHER_VERSION, False, "cannot build as this machine does: weasyprint is 69.0 there and 70.0 here"),
    ("", True, "cannot start processes of its own (Dask's nanny made it a daemon): start workers with "
               "DASK_DISTRIBUTED__WORKER__DAEMON=False"),
    (PRELOAD_ROGUE, False, None)])
def test_workers_that_would_build_otherwise_are_refused(run_cli, tmp_path, monkeypatch, preload, nanny, expected):
    (tmp_path / "preload.py").write_text(preload)
    monkeypatch.delenv("DASK_DISTRIBUTED__WORKER__DAEMON", raising=False)
    started = Cluster(tmp_path, workers=1, preload=str(tmp_path / "preload.py") if preload else None, nanny=nanny)
    try:
        code, stdout, stderr = run_cli("build", "--content", str(SAMPLE), "--output", str(tmp_path / "out"),
                                       "--formats", "html", "--languages", "en-GB", "--editions", "participant",
                                       "--scheduler", started.address)
    finally:
        started.stop()
    assert code == 1
    if expected:  # refused before any work: one line naming the package
        assert stderr.count("\n") == 1 and stderr.startswith("error: the Dask worker tcp://127.0.0.1:") \
            and expected in stderr, stderr
        assert not (tmp_path / "out").exists()
    else:  # the job fails, nothing of it is written, and nothing escapes the output folder
        assert "the Dask worker sent back a file it may not write (../../../escaped.txt)" in stderr
        assert not list(tmp_path.rglob("escaped.txt")) and not (tmp_path / "out" / "participant").exists()


def test_what_a_worker_sends_back_must_be_the_jobs_files():
    job = Job("html", "en-GB", {}, "abc")
    good = JobResult(job, outputs=[OutputFile("a.html", b"x"), OutputFile("audio/01.mp3", b"y")])
    assert cluster.sent_back_problem(job, good) is None
    assert "something else (str)" in cluster.sent_back_problem(job, "rm -rf")
    assert "something else" in cluster.sent_back_problem(job, JobResult(Job("docx", "en-GB", {}, "abc")))
    for path in ["/etc/passwd", "../x", "a/../../x", "a\\b", "", "a\nb", "./a"]:
        bad = JobResult(job, outputs=[OutputFile(path, b"x")])
        assert "a file it may not write" in cluster.sent_back_problem(job, bad), path
    assert "may not write" in cluster.sent_back_problem(job, JobResult(job, outputs=[OutputFile("a", "text")]))


def test_a_course_travels_with_only_the_files_it_shows(tmp_path):
    """The payload holds the pictures the version shows, read back as the worker gets them, and the model
    moved to the worker's folder finds them there; nothing else of the course folder goes."""
    import pickle

    from builder.course import load_course, picture_files
    from builder.versions import version

    course, _ = load_course(SAMPLE)
    participant = version(course, "participant", "en-GB", False)
    model, root, files = pickle.loads(cluster.payload(participant))
    pictures = {path.relative_to(SAMPLE.resolve()).as_posix() for path in picture_files(participant.modules)}
    assert pictures and pictures <= set(files)
    assert not [name for name in files if name.startswith("translations/") or name.endswith(".md")]  # notes stay here
    assert "course.toml" in files
    moved = cluster.moved(model, Path(root), tmp_path)
    assert moved.content_dir == tmp_path and moved.config.path == tmp_path / "course.toml"
    assert {path.relative_to(tmp_path).as_posix() for path in picture_files(moved.modules)} == pictures
    assert participant.content_dir == SAMPLE  # the original is untouched
    module = moved.modules[0]
    assert module.source.path == participant.modules[0].source.path  # messages name the trainer's own files
