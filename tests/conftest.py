"""Shared test helpers: small courses written into temporary folders, and the CLI run in-process."""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

COURSE_TOML = """[course]
title = "Test Course"
organisation = "Test Network"
language = "en-GB"
"""


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG (grey pixels), so tests need no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_course(folder: Path, modules: dict[str, str], course_toml: str = COURSE_TOML,
                 images: tuple[str, ...] = ()) -> Path:
    """Write course.toml, the given module files and PNG images into `folder`; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.toml").write_text(course_toml, encoding="utf-8")
    for name, text in modules.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    for image in images:
        path = folder / image
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png_bytes())
    return folder


def version_folder(out: Path, lang: str, edition: str = "participant") -> Path:
    """Where a build writes one version's files: its edition's folder, then its language's
    (`out/participant/en-GB`, `out/trainer/pl`, `out/easy-read/ur`)."""
    return out / edition / lang


@pytest.fixture
def course_dir(tmp_path: Path):
    """A factory: course_dir({"01-a.md": "# A"}) writes a course and returns its folder."""
    def make(modules: dict[str, str], course_toml: str = COURSE_TOML, images: tuple[str, ...] = ()) -> Path:
        return write_course(tmp_path / "content", modules, course_toml, images)
    return make


def mini_copy(folder: Path, formats: list[str], editions: list[str]) -> Path:
    """A copy of tests/fixtures/mini in `folder`, making these formats and editions; returns the copy."""
    target = folder / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    toml = target / "course.toml"
    toml.write_text(toml.read_text().replace('formats = ["html"]', f"formats = {json.dumps(formats)}\n"
                                                                   f"editions = {json.dumps(editions)}"))
    return target


@pytest.fixture
def mini_course(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/mini, a small course using every construct."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def realworld_course(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/realworld: Markdown as other tools write it (lists nested by 2, 3 and 4
    spaces, boxes, code, notes, definitions, emoji, two titles, attributes in single quotes)."""
    target = tmp_path / "realworld"
    shutil.copytree(FIXTURES / "realworld", target)
    return target


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `python -m builder ...` in-process; returns (exit code, stdout, stderr)."""
    def run(*argv: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright as a person would use it (no browser download)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: `make test` installs it (TEST_SYSTEM_PACKAGES)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()
