"""Running a build's jobs: in this process, in worker processes on this machine, or on a Dask cluster
(builder.cluster); the same tasks in the same order, and the results do not depend on which."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from builder import jobs, writers
from builder.jobs import Staged
from builder.model import Course
from builder.children import end_with_parent
from builder.relay import Working, relayed

# Called as progress(done, total, label) while jobs finish, for a progress bar.
Progress = Callable[[int, int, str], None]
Stage = Callable[[jobs.JobResult], list[Staged]]


@dataclass(frozen=True, eq=False)
class Task:
    """A job with the version of its course it writes, where its files are staged (None: they come back) and
    whose build it is part of (several courses' jobs run together)."""

    job: jobs.Job
    course: Course
    stage: Stage | None = None
    owner: Any = None
    prefix: str = ""  # what the progress lines say before the job's label (the course, when several are built)


class Pool(Protocol):
    """Where tasks run: each submitted task gives a future whose `outcome` is its JobResult, staged."""

    def submit(self, task: Task) -> Future: ...

    def outcome(self, task: Task, future: Future) -> jobs.JobResult: ...


class LocalPool:
    """Worker processes forked from this one (WeasyPrint does not give memory back, liblouis is not
    thread-safe); each stages its own job's files, so only their records come back."""

    def __init__(self, executor: ProcessPoolExecutor, cache_dir: Path | None, told: Working | None):
        self.executor, self.cache_dir, self.told = executor, cache_dir, told

    def submit(self, task: Task) -> Future:
        return self.executor.submit(run_here, task, self.cache_dir, self.told)

    def outcome(self, task: Task, future: Future) -> jobs.JobResult:
        try:
            return future.result()
        except BrokenProcessPool:
            return jobs.JobResult(task.job, error="its worker process stopped unexpectedly (out of memory, or a "
                                                  "crash in a library): try again with --jobs 1")


@contextlib.contextmanager
def local_pool(workers: int, cache_dir: Path | None, working: Working | None) -> Iterator[LocalPool]:
    context = multiprocessing.get_context("fork")
    with relayed(working) as told, \
            ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=end_with_parent,
                                initargs=(os.getpid(),)) as executor:
        yield LocalPool(executor, cache_dir, told)


def run_tasks(tasks: list[Task], cache_dir: Path | None, jobs_count: int, report: Callable[[str], None],
              progress: Progress | None, working: Working | None = None,
              pool: Callable[[], contextlib.AbstractContextManager[Pool]] | None = None
              ) -> list[tuple[Task, jobs.JobResult]]:
    """Run the tasks: with `pool` (a cluster's), there; else in worker processes when more than one may run at
    once, else here. A task that reuses another's work (the EPUB, the audio's recordings) starts after it.
    Each task with its result, in the order they finished."""
    done: list[tuple[Task, jobs.JobResult]] = []

    def finished(task: Task, outcome: jobs.JobResult) -> None:
        done.append((task, outcome))
        status = "failed" if outcome.error else "skipped" if outcome.skipped else "built"
        report(f"[{len(done)}/{len(tasks)}] {task.prefix}{outcome.job.label}: {status} in {outcome.seconds:.1f} s")
        if progress:
            progress(len(done), len(tasks), task.prefix + outcome.job.label)

    workers = max(1, min(jobs_count, len(tasks)))
    # Longest first, so the workers finish together rather than one waiting on a late large print; a job
    # that reuses another's work after it.
    tasks = sorted(tasks, key=lambda task: (bool(_waits_for(task, tasks)), -writers.get(task.job.format).cost))
    if pool is None and workers == 1:
        for task in tasks:
            finished(task, run_here(task, cache_dir, working))
        return done
    if pool is None:
        for name in dict.fromkeys(task.job.format for task in tasks):
            writers.get(name).warm_up()
        pool = lambda: local_pool(workers, cache_dir, working)  # noqa: E731 - the default, like a cluster's
    with pool() as running:
        waiting = list(tasks)
        pending: dict[Future, Task] = {}
        while waiting or pending:
            ready = [task for task in waiting if not _waits_for(task, waiting + list(pending.values()))]
            for task in ready:
                waiting.remove(task)
                pending[running.submit(task)] = task
            complete, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in complete:
                task = pending.pop(future)
                finished(task, running.outcome(task, future))
    return done


def run_here(task: Task, cache_dir: Path | None, working: Working | None = None) -> jobs.JobResult:
    """A task run in this process (a worker's or the build's); with a stage, its files are staged here."""
    return staged(task, jobs.run(task.job, task.course, cache_dir, working))


def staged(task: Task, outcome: jobs.JobResult) -> jobs.JobResult:
    """A finished job's files staged where `task` says, and let go of (only their records are kept)."""
    if task.stage is not None and not (outcome.error or outcome.skipped):
        outcome.staged = task.stage(outcome)
        outcome.outputs = []
    return outcome


def _waits_for(task: Task, others: list[Any]) -> list[Task]:
    """The tasks among `others` whose work `task` reuses: a format it needs, in the same version."""
    needs = writers.get(task.job.format).needs
    return [other for other in others if other.job.format in needs and other.course is task.course]
