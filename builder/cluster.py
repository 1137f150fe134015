"""A build's jobs on a Dask cluster (dask.distributed): each job travels with its version of the course and
the course files that version shows, runs in a folder of its own on a worker, and sends back its files,
which are checked and staged here like a local job's. Dask is imported only when a cluster is used."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib.metadata
import os
import pickle
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
import warnings
from concurrent.futures import CancelledError, Future
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlsplit

from builder import jobs, writers
from builder.content_files import RefusedFile, read_content_file
from builder.jobs import HASH_LIMIT_BYTES
from builder.model import Course, Source
from builder.pool import Task, staged
from builder.relay import Working
from builder.scheduler import ClusterError

CONNECT_SECONDS = 10  # a scheduler that does not answer by then is unreachable
PROBE_SECONDS = 5  # a Dask scheduler greets a new connection at once
WORKERS_SECONDS = 60  # a scheduler with no workers by then cannot build
RETRIES = 2  # a job that raised on a worker is tried again (a worker that died is Dask's to retry)
# What a worker must have as this machine has it, for the same bytes: the builder's code (with its data),
# Python, liblouis, espeak-ng, and these packages besides the builder's own requirements.
TRANSPORT = ("dask", "distributed", "cloudpickle", "msgpack")


@functools.lru_cache(maxsize=1)
def environment() -> dict[str, str]:
    """What this process builds with, where a difference could change an output's bytes."""
    found = {"Python": ".".join(map(str, sys.version_info[:2])), "the builder's code": jobs.code_hash()[:16]}
    requires = importlib.metadata.requires("accessible-training-builder") or []
    names = [re.match(r"[A-Za-z0-9._-]+", line).group(0) for line in requires if "extra ==" not in line]
    for name in [*names, *TRANSPORT]:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    try:
        import louis

        found["liblouis"] = louis.version()
    except ImportError:
        found["liblouis"] = "not installed"
    espeak = shutil.which("espeak-ng")
    found["espeak-ng"] = subprocess.run([espeak, "--version"], capture_output=True, text=True, timeout=30
                                        ).stdout.split(" ")[1] if espeak else "not installed"
    return found


def difference(here: dict[str, str], there: dict[str, str]) -> str | None:
    """The first package whose version differs, in words, or None."""
    for name, version in here.items():
        if there.get(name) != version:
            return f"{name} is {there.get(name, 'not installed')} there and {version} here"
    return None


@contextlib.contextmanager
def connected(address: str, report: Callable[[str], None]) -> Iterator[Any]:
    """A client of the scheduler at `address`, once it has a worker and every worker builds as this machine
    would (ClusterError otherwise, before any work starts); closed at the end."""
    client = _client(address)
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {address} has no workers after {WORKERS_SECONDS} s: "
                               "start some (README, 'Many courses, and building on a cluster')") from None
        _same_everywhere(client)
        workers = client.scheduler_info(n_workers=-1)["workers"]
        report(f"Running jobs on the Dask cluster at {address}: {len(workers)} worker(s), "
               f"dashboard {client.dashboard_link}")
        yield client
    finally:
        client.close()


def _client(address: str) -> Any:
    """A client connected to the Dask scheduler at `address`, or ClusterError saying in one line why not: nothing
    there, something there that is not a scheduler (a web server, the dashboard's port), or TLS not set up."""
    from distributed import Client

    parts = urlsplit(address)
    try:  # a refused connection is known at once; Dask would try again until its timeout
        with socket.create_connection((parts.hostname, parts.port), timeout=CONNECT_SECONDS) as probe:
            not_dask = _not_a_scheduler(probe) if parts.scheme == "tcp" else None
    except OSError as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({_one_line(err)}): check the address, "
                           "that the scheduler is running and that this machine may connect to it") from None
    if not_dask:
        raise ClusterError(f"{not_dask} at {address}, not a Dask scheduler: check the port (a scheduler listens on "
                           "8786 unless told otherwise; its dashboard, on 8787, is a web page)")
    made: dict[str, Any] = {}

    def connect() -> None:
        try:
            with warnings.catch_warnings():  # Dask warns of differing versions; `_same_everywhere` refuses them
                warnings.simplefilter("ignore")
                made["client"] = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except BaseException as err:  # noqa: BLE001 - whatever Dask raised is said in one line below
            made["error"] = err

    connecting = threading.Thread(target=connect, daemon=True)  # Dask's own timeout does not cover every wait
    connecting.start()
    connecting.join(3 * CONNECT_SECONDS)
    if "client" in made:
        return made["client"]
    why = _one_line(made["error"]) if "error" in made else f"no answer in {3 * CONNECT_SECONDS} s"
    hint = " (tls:// needs Dask's TLS settings: README)" if parts.scheme == "tls" else ""
    raise ClusterError(f"cannot connect to the Dask scheduler at {address}{hint} ({why[:200]})")


def _not_a_scheduler(connection: socket.socket) -> str | None:
    """What listens on a connection if it is not a Dask scheduler, or None. A scheduler speaks first, each message
    starting with its length (8 bytes, little-endian); a web server waits to be asked."""
    connection.settimeout(PROBE_SECONDS)
    head = b""
    try:
        while len(head) < 8:
            piece = connection.recv(8 - len(head))
            if not piece:
                return "something closed the connection"
            head += piece
    except TimeoutError:
        return "something listens but says nothing"
    return "something answers" if int.from_bytes(head, "little") > 10_000_000 else None


def _same_everywhere(client: Any) -> None:
    """Every worker runs one job at a time (liblouis and WeasyPrint are not thread-safe) with the builder and
    the libraries this machine has (Dask only warns); ClusterError names the first that differs."""
    here = environment()
    for worker, info in client.scheduler_info(n_workers=-1)["workers"].items():
        if info.get("nthreads", 1) != 1:
            raise ClusterError(f"the Dask worker {worker} runs {info['nthreads']} threads: start workers with "
                               "--nthreads 1 (and --nworkers for more than one a machine)")
    for worker, daemonic in client.run(_daemonic).items():
        if daemonic:
            raise ClusterError(DAEMONIC.format(worker=worker))
    for worker, there in client.run(environment).items():
        differs = difference(here, there)
        if differs:
            raise ClusterError(f"the Dask worker {worker} cannot build as this machine does: {differs}; install "
                               "the same versions on every worker (README, 'Many courses, and building on a cluster')")


# A Dask nanny starts its worker as a daemonic process, which may not start processes of its own (liblouis runs
# in one, so that a crash in it fails one job, not the worker)
DAEMONIC = ("the Dask worker {worker} cannot start processes of its own (Dask's nanny made it a daemon): start "
            "workers with DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment, or with --no-nanny")


def _daemonic() -> bool:
    import multiprocessing

    return multiprocessing.current_process().daemon


class ClusterPool:
    """Tasks submitted to a cluster: each with its course version's payload (made once per version) and the
    environment it must find there; what comes back is checked to be the job's files, then staged here."""

    def __init__(self, client: Any, executor: Any, cache_dir: Path | None, topic: str | None):
        self.client, self.executor, self.cache_dir, self.topic = client, executor, cache_dir, topic
        self.address = client.scheduler.address
        self.payloads: dict[int, bytes] = {}

    def submit(self, task: Task) -> Future:
        key = id(task.course)
        if key not in self.payloads:
            self.payloads[key] = payload(task.course)
        cache = str(self.cache_dir.resolve()) if self.cache_dir is not None else None
        expected = writers.get(task.job.format).external_inputs(task.job.options)
        try:
            return self.executor.submit(run_on_worker, task.job, self.payloads[key], cache, environment(), expected,
                                        self.topic)
        except Exception as err:  # noqa: BLE001 - the scheduler gone: this job fails, as the running ones do
            failed: Future = Future()
            failed.set_exception(err)
            return failed

    def outcome(self, task: Task, future: Future) -> jobs.JobResult:
        try:
            outcome = future.result()
        except Exception as err:  # noqa: BLE001 - what the cluster raised is this job's failure, not the build's
            return jobs.JobResult(task.job, error=self._failure(err))
        problem = sent_back_problem(task.job, outcome)
        if problem:
            return jobs.JobResult(task.job, error=f"the Dask worker sent back {problem}, not the job's files")
        return staged(task, outcome)

    def _failure(self, err: Exception) -> str:
        """Why the cluster could not run a job, in words."""
        from distributed import KilledWorker

        if self.client.status != "running":
            return (f"the Dask scheduler at {self.address} was lost before this job finished: run the build again "
                    "(the files of the jobs that finished are written)")
        if isinstance(err, KilledWorker):
            return ("its Dask worker stopped each time it was tried (out of memory, or a crash in a library): try "
                    "again with fewer jobs at once")
        if isinstance(err, CancelledError):
            return "the Dask scheduler cancelled it (was the cluster shut down?)"
        return f"the Dask cluster could not run it ({_one_line(err)})"


@contextlib.contextmanager
def cluster_pool(client: Any, cache_dir: Path | None, working: Working | None = None) -> Iterator[ClusterPool]:
    """Jobs on the cluster through Dask's concurrent.futures interface; a build that stops early (Ctrl-C, an
    error here) cancels the jobs it left there. How far each long job has got comes back as Dask events on a
    topic of this build's own, passed to `working`."""
    executor = client.get_executor(retries=RETRIES, pure=False)
    if cache_dir is not None:  # there before any job, so that workers that can reach it share it
        cache_dir.mkdir(parents=True, exist_ok=True)
    topic = f"atb-working-{uuid.uuid4().hex}" if working is not None else None
    if topic:
        client.subscribe_topic(topic, lambda event: working(*event[1]))
    try:
        yield ClusterPool(client, executor, cache_dir, topic)
    except BaseException:
        with contextlib.suppress(Exception):  # a scheduler already gone has nothing left to cancel
            executor.shutdown(wait=False)
        raise
    finally:
        if topic and client.status == "running":
            with contextlib.suppress(Exception):
                client.unsubscribe_topic(topic)


def sent_back_problem(job: jobs.Job, outcome: Any) -> str | None:
    """Why what a worker returned is not this job's result with its files (relative names, bytes), or None."""
    from builder.writers.base import OutputFile

    if not isinstance(outcome, jobs.JobResult) or outcome.job != job:
        return f"something else ({type(outcome).__name__})"
    if not isinstance(outcome.outputs, list) or outcome.staged:
        return "files in an unexpected form"
    for output in outcome.outputs:
        if not isinstance(output, OutputFile) or not isinstance(output.data, bytes) or not _relative(output.path):
            return f"a file it may not write ({_one_line(getattr(output, 'path', output))[:80]})"
    return None


def _relative(path: Any) -> bool:
    """A file name inside the language's folder: relative, without '..', backslashes or control characters."""
    return isinstance(path, str) and bool(path) and not path.startswith("/") and "\\" not in path \
        and posixpath.normpath(path) == path and not path.startswith("..") \
        and not any(ord(ch) < 32 for ch in path)


def payload(course: Course) -> bytes:
    """A course version as it travels: the model, where its folder was, and the bytes of every course file a
    writer reads (its pictures and course.toml, through the guarded reader). Nothing else of the folder goes:
    not the module files, which hold the trainer's notes a participant version has left out."""
    root = course.content_dir.resolve()
    # The cover's date as decided here (course.toml's, or SOURCE_DATE_EPOCH's, or today's), not the worker's
    course = dataclasses.replace(course, config=dataclasses.replace(
        course.config, date=course.config.publication_date().isoformat()))
    files = {}
    for path in _paths(course, set()):
        resolved = path.resolve()
        if resolved.is_relative_to(root) and resolved.is_file():
            relative = resolved.relative_to(root).as_posix()
            if relative not in files:
                try:
                    files[relative] = read_content_file(course.content_dir, resolved, HASH_LIMIT_BYTES)
                except RefusedFile:
                    continue  # not a file any writer may read: it does not travel
    return pickle.dumps((course, str(root), files), protocol=pickle.HIGHEST_PROTOCOL)


def _paths(value: Any, seen: set[int]) -> Iterator[Path]:
    """Every Path in a model (dataclasses, lists, tuples, mappings), each object visited once, but for where
    nodes came from (a Source: a module's lines, which writers never read)."""
    if isinstance(value, Path):
        yield value
    elif isinstance(value, (str, bytes, int, float, bool, type(None), Source)) or id(value) in seen:
        return
    else:
        seen.add(id(value))
        if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
            for name in value.__dataclass_fields__:
                yield from _paths(getattr(value, name), seen)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                yield from _paths(item, seen)
        elif hasattr(value, "items"):
            for key, item in value.items():
                yield from _paths(key, seen)
                yield from _paths(item, seen)


def moved(value: Any, old: Path, new: Path, memo: dict[int, Any] | None = None) -> Any:
    """A model with every Path under `old` moved under `new` (a copy; what holds no such Path is shared), but
    for where nodes came from (a Source), so that a message names the file the trainer wrote."""
    memo = {} if memo is None else memo
    if isinstance(value, Path):
        return new / value.relative_to(old) if value.is_relative_to(old) else value
    if isinstance(value, (str, bytes, int, float, bool, type(None), Source)):
        return value
    if id(value) in memo:
        return memo[id(value)]
    memo[id(value)] = value  # a cycle meets the original; models hold none
    result = value
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        changed = {name: moved(getattr(value, name), old, new, memo) for name in value.__dataclass_fields__}
        if any(changed[name] is not getattr(value, name) for name in changed):
            result = object.__new__(type(value))
            result.__dict__.update(value.__dict__)
            for name, item in changed.items():
                object.__setattr__(result, name, item)
    elif isinstance(value, (list, tuple)):
        items = [moved(item, old, new, memo) for item in value]
        if any(a is not b for a, b in zip(items, value)):
            result = type(value)(items) if type(value) in (list, tuple) else type(value)(*items)
    elif isinstance(value, Mapping):  # dicts and FrozenMapping
        items = {key: moved(item, old, new, memo) for key, item in value.items()}
        if any(items[key] is not value[key] for key in items):
            result = type(value)(items)
    memo[id(value)] = result
    return result


_ONE_AT_A_TIME = threading.Lock()  # a worker started with more threads still runs one job at once


def run_on_worker(job: jobs.Job, travelled: bytes, cache: str | None, expected: dict[str, str],
                  external: Any, topic: str | None = None) -> jobs.JobResult:
    """A job on a Dask worker: refused if this worker would not build as the machine that sent it, else run
    in a new folder holding only the files that travelled with it; its files go back in the result, and how
    far it has got goes to the build as events on `topic`."""
    differs = difference(expected, environment()) or (
        None if writers.get(job.format).external_inputs(job.options) == external
        else "its installed voices differ (make voices)")
    if differs:
        return jobs.JobResult(job, error=f"a Dask worker cannot build it as the machine that sent it would: "
                                         f"{differs}; install the same versions on every worker")
    if _daemonic():
        return jobs.JobResult(job, error=DAEMONIC.format(worker="it ran on"))
    try:
        course, root, files = pickle.loads(travelled)
        with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix="atb-job-") as folder:
            here = Path(folder) / "course"
            for relative, data in files.items():
                target = here / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            here.mkdir(exist_ok=True)
            outcome = jobs.run(job, moved(course, Path(root), here), _worker_cache(cache), _told(topic))
        if outcome.where is not None:  # a place in course.toml, say: the trainer's file, not the worker's copy
            outcome.where = Source(moved(outcome.where.path, here, Path(root)), outcome.where.line)
        return outcome
    except Exception as err:  # noqa: BLE001 - data, as on this machine: an error Dask cannot send would hang
        error, where = jobs.unexpected(err)
        return jobs.JobResult(job, error=error, where=where)


def _told(topic: str | None) -> Working | None:
    """A `Working` that sends each report to the build as a Dask event (None without a topic)."""
    if topic is None:
        return None
    from distributed import get_worker

    worker = get_worker()
    return lambda label, done, total: worker.log_event(topic, [label, done, total])


def _worker_cache(cache: str | None) -> Path | None:
    """The build's cache when this worker can write to it (a shared folder), else one of the worker's own."""
    if cache is None:
        return None
    shared = Path(cache)
    if shared.is_dir() and os.access(shared, os.W_OK):
        return shared
    return _own_cache()


def _own_cache() -> Path:
    return Path(tempfile.gettempdir()) / "atb-worker-cache"


def prune_own_caches(client: Any, folders: list[str]) -> None:
    """Each worker's own cache (kept where the build's could not be reached) loses what no build used for a
    month, as the build's does: otherwise it would only grow."""
    from builder import cache

    def prune() -> int:
        return cache.prune(_own_cache(), folders).files if _own_cache().is_dir() else 0

    with contextlib.suppress(Exception):  # the scheduler gone: the next build prunes them
        client.run(prune)


def _one_line(value: Any) -> str:
    return " ".join(str(value).split()) or type(value).__name__
