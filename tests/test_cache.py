"""The build cache: files read count as used, and what no build has used for a month is pruned, never
anything else in the folder, nor speech from online voices (it would need the internet again)."""

from __future__ import annotations

import os
import time

from builder import cache

OLD = time.time() - 40 * 86400


def aged(path, data=b"x", when=OLD):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (when, when))
    return path


def test_prune_removes_only_the_writers_files_unused_for_a_month(tmp_path):
    stale = aged(tmp_path / "speech" / "espeak-ng" / "ab" / "ab12.pcm.z", b"12345")
    also_stale = aged(tmp_path / "large-print" / "shapes" / "cd.json")
    cut_short = aged(tmp_path / "large-print" / "ab" / ".ab.pdf.x1y2.part")  # a write that never finished
    fresh = aged(tmp_path / "mp3" / "ef" / "ef.mp3", when=time.time() - 2 * 86400)
    not_ours = [aged(tmp_path / "notes.txt"), aged(tmp_path / "drawings" / "README"),
                aged(tmp_path / "elsewhere" / "old.pdf"),
                aged(tmp_path / "speech" / "gtts" / "ab" / "ab.pcm.z")]  # online voices: kept for good
    outside = aged(tmp_path.parent / f"{tmp_path.name}-outside" / "target.png")
    (tmp_path / "drawings" / "linked").symlink_to(outside.parent)  # a folder linked in: not followed
    (tmp_path / "drawings" / "link.png").symlink_to(outside)  # a linked file: neither it nor its target goes

    pruned = cache.prune(tmp_path)

    assert (pruned.files, pruned.size) == (3, 7)
    assert not stale.exists() and not also_stale.exists() and not cut_short.exists()
    assert fresh.exists() and all(path.exists() for path in not_ours)
    assert outside.exists() and (tmp_path / "drawings" / "link.png").is_symlink()


def test_a_file_read_counts_as_used_and_is_kept(tmp_path):
    used = aged(tmp_path / "drawings" / "ab" / "ab.png", b"picture")
    assert cache.read(used) == b"picture"
    assert cache.read(tmp_path / "drawings" / "missing.png") is None
    needed = aged(tmp_path / "speech" / "espeak-ng" / "cd" / "cd.pcm.z")
    assert cache.touch(needed) and not cache.touch(tmp_path / "speech" / "espeak-ng" / "missing.pcm.z")
    assert cache.prune(tmp_path).files == 0 and used.exists() and needed.exists()


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    (tmp_path / "speech").write_text("a file where a folder should be")
    cache.keep(tmp_path / "speech" / "ab" / "ab.pcm.z", b"sound")  # no error
    assert cache.read(tmp_path / "speech" / "ab" / "ab.pcm.z") is None
