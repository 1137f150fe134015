"""A picture's label too long for its shape in a version's language, even at the picture's smallest print size:
a warning naming the picture file and the language, at the module line that shows it, from the build and
from `builder.pictures.label_problems` (the layout is builder/svg's), and one a course can switch off."""

from __future__ import annotations

from builder.build import build
from builder.course import load_course
from builder.pictures import label_problems
from builder.versions import version
from tests.conftest import COURSE_TOML
from tests.svg.test_layout import LONG, NO_ROOM

POLISH = COURSE_TOML.replace('language = "en-GB"', 'language = "pl"')
MODULE = "# Odmowa\n\nJak odmówić.\n\n![Trzy pola, jedno pod drugim](images/boxes.svg)\n"


def polish_course(course_dir, toml: str = POLISH):
    content = course_dir({"01-odmowa.md": MODULE}, course_toml=toml)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "boxes.svg").write_text(NO_ROOM, encoding="utf-8")
    return content


def test_a_label_too_long_for_its_shape_is_a_warning_naming_the_picture_and_the_language(course_dir):
    course, _ = load_course(polish_course(course_dir))
    [problem] = label_problems([version(course, "participant", "pl"), version(course, "trainer", "pl")])
    assert (problem.path.endswith("01-odmowa.md"), problem.line, problem.level, problem.code) == (
        True, 5, "warning", "picture.label-too-long")
    assert problem.message.startswith("picture 'images/boxes.svg': the label 'Nie musisz niczego wyjaśniać ani ")
    assert "does not fit its shape in Polish (pl)" in problem.message


def test_the_build_reports_it_and_a_course_can_switch_it_off(course_dir, tmp_path):
    content = polish_course(course_dir)
    result = build(content, tmp_path / "out", formats=["html"], report=lambda line: None)
    assert [problem.code for problem in result.warnings] == ["picture.label-too-long"]
    quiet = polish_course(course_dir, POLISH + '\n[check]\ndisable = ["picture.label-too-long"]\n')
    assert build(quiet, tmp_path / "quiet", formats=["html"], report=lambda line: None).warnings == []


def test_a_label_that_fits_gives_no_warning(course_dir):
    content = course_dir({"01-odmowa.md": MODULE}, course_toml=POLISH)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "boxes.svg").write_text(NO_ROOM.replace(
        LONG, "Nie musisz"), encoding="utf-8")
    course, _ = load_course(content)
    assert label_problems([version(course, "participant", "pl")]) == []


def test_check_reports_it_and_strict_builds_stop_on_it(course_dir, tmp_path):
    """`check` reports every problem in one pass, this one too; `--strict` stops before writing anything."""
    import pytest

    from builder.course import read_course
    from builder.problems import StrictWarnings
    from builder.review import every_problem
    content = polish_course(course_dir)
    course, problems = read_course(content)
    found, _ = every_problem(course, problems, measure_reading_ease=False)
    assert [problem.code for problem in found] == ["picture.label-too-long"]
    with pytest.raises(StrictWarnings):
        build(content, tmp_path / "out", formats=["html"], report=lambda line: None, strict=True)
    assert not (tmp_path / "out" / "participant").exists()
