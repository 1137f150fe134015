"""The build cache: files read count as used, and what no build has used for a month is pruned: only
files named as the writers name them, in the folders of the formats that ran, never a link, never anything
else in the folder, nor speech from online voices (it would need the internet again)."""

from __future__ import annotations

import hashlib
import os
import time

from builder import cache

OLD = time.time() - 40 * 86400
FOLDERS = ["speech/espeak-ng", "mp3", "drawings", "large-print"]  # the writers', as builds pass them


def named(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def aged(path, data=b"x", when=OLD):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (when, when), follow_symlinks=False)
    return path


def test_prune_removes_only_the_writers_files_unused_for_a_month(tmp_path):
    a, b, c, d, e = named("a"), named("b"), named("c"), named("d"), named("e")
    stale = aged(tmp_path / "speech" / "espeak-ng" / a[:2] / f"{a}.pcm.z", b"12345")
    stale_raw = aged(tmp_path / "speech" / "espeak-ng" / e[:2] / f"{e}.pcm", b"123456")
    shape = aged(tmp_path / "large-print" / "shapes" / f"{b}.json")
    cut_short = aged(tmp_path / "large-print" / c[:2] / f".{c}.pdf.x1y_2.part")  # a write that never finished
    fresh = aged(tmp_path / "mp3" / d[:2] / f"{d}.mp3", when=time.time() - 2 * 86400)
    not_ours = [aged(tmp_path / "notes.txt"), aged(tmp_path / "large-print" / "README"),
                aged(tmp_path / "mp3" / "albums" / "song.mp3"),  # --cache given a folder of one's own
                aged(tmp_path / "mp3" / "zz" / f"{a}.mp3"),  # a hash, but not where a writer puts it
                aged(tmp_path / "elsewhere" / a[:2] / f"{a}.pdf"),  # not a writer's folder
                aged(tmp_path / "speech" / "gtts" / a[:2] / f"{a}.pcm.z")]  # online voices: kept for good
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    target = aged(outside / a[:2] / f"{a}.png")
    (tmp_path / "drawings").symlink_to(outside)  # a writer's folder that is a link: not followed
    (tmp_path / "mp3" / b[:2]).mkdir(parents=True)
    link = tmp_path / "mp3" / b[:2] / f"{b}.mp3"
    link.symlink_to(target)  # a link named like a writer's file: neither it nor its target goes
    os.utime(link, (OLD, OLD), follow_symlinks=False)

    pruned = cache.prune(tmp_path, FOLDERS)

    assert (pruned.files, pruned.size) == (4, 13)
    assert not stale.exists() and not stale_raw.exists() and not shape.exists() and not cut_short.exists()
    assert fresh.exists() and all(path.exists() for path in not_ours)
    assert target.exists() and link.is_symlink()


def test_a_file_read_or_found_counts_as_used_and_is_kept(tmp_path):
    a, b = named("a"), named("b")
    used = aged(tmp_path / "large-print" / a[:2] / f"{a}.pdf", b"%PDF")
    assert cache.read(used) == b"%PDF"
    assert cache.read(tmp_path / "large-print" / "missing.pdf") is None
    needed = aged(tmp_path / "speech" / "espeak-ng" / b[:2] / f"{b}.pcm.z")
    assert cache.touch(needed) and not cache.touch(tmp_path / "speech" / "espeak-ng" / "missing.pcm.z")
    assert cache.prune(tmp_path, FOLDERS).files == 0 and used.exists() and needed.exists()


def test_only_the_folders_of_formats_that_ran_are_pruned(tmp_path):
    a = named("a")
    speech = aged(tmp_path / "speech" / "espeak-ng" / a[:2] / f"{a}.pcm.z")
    assert cache.prune(tmp_path, ["large-print"]).files == 0 and speech.exists()


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    (tmp_path / "speech").write_text("a file where a folder should be")
    cache.keep(tmp_path / "speech" / "ab" / "ab.pcm.z", b"sound")  # no error
    assert cache.read(tmp_path / "speech" / "ab" / "ab.pcm.z") is None
