"""A course read again with the modules kept from the last read is the course read afresh: the same model,
the same problems, with only what changed read again."""

import shutil
from pathlib import Path

from builder.course import read_course
from builder.module_cache import ModuleCache

ROOT = Path(__file__).resolve().parent.parent


def _same_as_fresh(content: Path, cache: ModuleCache) -> int:
    """Read with the cache; assert it matches a fresh read; return how many modules were read, not copied."""
    before = cache.reads
    kept, kept_problems = read_course(content, cache=cache)
    fresh, fresh_problems = read_course(content)
    assert kept.modules == fresh.modules and kept.companions == fresh.companions
    assert kept_problems.items == fresh_problems.items
    assert kept.web_pictures == fresh.web_pictures and kept.images == fresh.images
    return cache.reads - before


def test_a_save_re_reads_only_the_module_saved(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = ModuleCache()
    everything = _same_as_fresh(content, cache)
    assert everything == len(list(content.glob("0*.md")))  # modules and Easy Read companions
    assert _same_as_fresh(content, cache) == 0  # nothing changed: nothing read
    module = content / "05-saying-no.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA *new* sentence.\n", encoding="utf-8")
    assert _same_as_fresh(content, cache) == 1


def test_links_between_modules_follow_a_change_in_the_other_module(course_dir):
    content = course_dir({"01-a.md": "# A\n\nSee [the steps](02-b.md#steps).\n",
                          "02-b.md": "# B\n\n## Steps\n\nOne.\n"})
    cache = ModuleCache()
    _same_as_fresh(content, cache)
    (content / "02-b.md").write_text("# B\n\n## Other\n\nOne.\n", encoding="utf-8")  # the heading is gone
    assert _same_as_fresh(content, cache) == 1
    _, problems = read_course(content, cache=cache)
    assert any(p.code.startswith("link.") and p.path.endswith("01-a.md") for p in problems.items)


def test_a_changed_picture_or_setting_re_reads_every_module(course_dir):
    content = course_dir({"01-a.md": "# A\n\n![A square](images/square.png)\n", "02-b.md": "# B\n\nText.\n"},
                         images=("images/square.png",))
    cache = ModuleCache()
    _same_as_fresh(content, cache)
    (content / "images" / "square.png").unlink()
    assert _same_as_fresh(content, cache) == 2  # the picture is missing now: a warning, from a fresh read
    (content / "03-c.md").write_text("# C\n", encoding="utf-8")  # a new module: links may now reach it
    assert _same_as_fresh(content, cache) == 3


def test_a_deleted_or_renamed_module_is_forgotten(course_dir):
    content = course_dir({"01-a.md": "# A\n", "02-b.md": "# B\n"})
    cache = ModuleCache()
    _same_as_fresh(content, cache)
    (content / "02-b.md").rename(content / "02-c.md")
    _same_as_fresh(content, cache)
    assert len(cache.kept) == 2
