"""Benchmark: builds through a Dask cluster against the local process pool, and what a library of courses
would cost.

Run: .venv/bin/python bench/cluster.py   (about 12 minutes; prints Markdown for bench/RESULTS.md)
On this machine, a LocalCluster of 2 worker processes (one thread each, as the README tells an IT team to
start them) against `--jobs 2`, each cold (new output folder and cache): (1) the sample, every format,
edition and language; (2) the sample ten times over (90 modules, bench/build.py), English. Speech is
espeak-ng's for both, so the comparison is of the scheduling, not the voice. Then a projection on paper
for 50 courses x 10 languages x 3 editions with a natural voice, from the jobs' measured seconds, the
audio's measured length and the natural voice's measured speed (bench/voices.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import ten_times  # noqa: E402

PIPER_SPEED = 13.5  # seconds of speech a core makes in a second with a natural voice (bench/voices.py)
COURSES, LANGUAGES, EDITIONS = 50, 10, 3


def without_natural_voices(content: Path) -> None:
    toml = content / "course.toml"
    toml.write_text(re.sub(r"\[audio\.voices\][^\[]*", "", toml.read_text()))


def build(content: Path, out: Path, *extra: str) -> tuple[float, dict[str, float], str]:
    """Seconds of one cold build, each job's seconds by label, and its output."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "builder", "build", "--content", str(content), "--output", str(out),
                           "--cache", str(out.parent / f"{out.name}-cache"), "--allow-untranslated", *extra],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"build failed: {done.stderr[-2000:]}")
    jobs = {found.group(1): float(found.group(2)) for found in
            re.finditer(r"\[\d+/\d+\] (.*?): built in ([\d.]+) s", done.stderr + done.stdout)}
    return seconds, jobs, done.stdout


def same_files(first: Path, second: Path) -> bool:
    """Whether two builds wrote the same files with the same bytes; the ones that differ are printed."""
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and p.name != ".build.lock"}
    one, two = files(first), files(second)
    differ = sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name))
    if differ:
        print(f"differ: {', '.join(differ[:20])}", file=sys.stderr)
    return not differ


def main() -> None:
    import dask
    from distributed import LocalCluster

    dask.config.set({"distributed.worker.daemon": False})  # as the README tells an IT team: liblouis's process
    rows, measured = [], {}
    with tempfile.TemporaryDirectory() as folder, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        work = Path(folder)
        sample = work / "sample"
        shutil.copytree(ROOT / "content", sample)
        without_natural_voices(sample)
        ten_times(sample, work / "ten")
        courses = [("(1) the sample: 6 formats x 3 editions x 4 languages", sample, ()),
                   ("(2) ten times the sample (90 modules), English", work / "ten", ("--languages", "en-GB"))]
        for name, content, extra in courses:
            local = build(content, work / f"local-{content.name}", "--jobs", "2", *extra)
            remote = build(content, work / f"cluster-{content.name}", "--scheduler", cluster.scheduler_address, *extra)
            same = same_files(work / f"local-{content.name}", work / f"cluster-{content.name}")
            rows.append((name, local[0], remote[0], len(local[1]), same))
            measured[content.name] = local
        manifest = json.loads((work / "local-sample" / "manifest.json").read_text())
    print("| build (cold, 2 cores) | local pool, 2 processes | LocalCluster, 2 workers | overhead | jobs "
          "| same bytes |")
    print("|---|---|---|---|---|---|")
    for name, local, remote, count, same in rows:
        print(f"| {name} | {local:.1f} s | {remote:.1f} s | {remote - local:+.1f} s ({(remote / local - 1) * 100:+.0f}%, "
              f"{(remote - local) / count * 1000:+.0f} ms a job) | {count} | {'yes' if same else 'no'} |")
    print()
    projection(measured["sample"][1], manifest)


def projection(jobs: dict[str, float], manifest: dict) -> None:
    """CPU hours and wall time for the library, from the sample's per-job seconds (audio: its length over
    the natural voice's speed, plus the measured encoding), per version (edition and language)."""
    versions = {(entry["edition"], entry["language"]) for entry in manifest["files"]}
    speech = sum(entry.get("seconds", 0) for entry in manifest["files"]
                 if entry["format"] == "audio" and entry["path"].endswith("-audio.mp3"))
    other = sum(seconds for label, seconds in jobs.items() if not label.startswith("audio"))
    espeak_audio = sum(seconds for label, seconds in jobs.items() if label.startswith("audio"))
    per_version_other = other / len(versions)
    per_version_speech = speech / len(versions)
    per_version_audio = per_version_speech / PIPER_SPEED + espeak_audio / len(versions)  # speaking, then the rest
    per_version = per_version_other + per_version_audio
    count = COURSES * LANGUAGES * EDITIONS
    cpu_hours = count * per_version / 3600
    longest = max(per_version_audio, max(jobs.values()))
    print(f"Projection: {COURSES} courses x {LANGUAGES} languages x {EDITIONS} editions = {count} versions, each "
          f"like the sample's average version: {per_version_speech / 60:.0f} min of speech, spoken by a natural "
          f"voice at {PIPER_SPEED} x real time a core ({per_version_speech / PIPER_SPEED:.0f} s), the audio's "
          f"other work {espeak_audio / len(versions):.0f} s, and {per_version_other:.0f} s for the other five formats "
          f"(measured in (1), {len(versions)} versions).")
    print()
    print("| | CPU hours | wall time, 1 worker | 10 workers | 50 workers |")
    print("|---|---|---|---|---|")
    walls = [max(cpu_hours / workers, longest / 3600) for workers in (1, 10, 50)]
    print(f"| the library, cold | {cpu_hours:.0f} | " + " | ".join(_hours(wall) for wall in walls) + " |")


def _hours(hours: float) -> str:
    return f"{hours:.1f} h" if hours >= 1 else f"{hours * 60:.0f} min"


if __name__ == "__main__":
    main()
