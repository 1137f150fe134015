"""course.toml: defaults, and every mistake named by file, line and key, all reported at once."""

import pytest

from builder.course import load_course, read_course
from builder.problems import ContentError
from tests.conftest import COURSE_TOML

GOOD = '[course]\ntitle = "T"\norganisation = "O"\nlanguage = "en-gb"\n'


def problems_for(course_dir, toml: str) -> list[str]:
    content = course_dir({"01-a.md": "# A\n"}, course_toml=toml)
    with pytest.raises(ContentError) as caught:
        load_course(content)
    return [str(p).split("content/", 1)[-1] for p in caught.value.problems]


def test_defaults_and_normalised_language(course_dir):
    course, _ = load_course(course_dir({"01-a.md": "# A\n"}, course_toml=GOOD))
    config = course.config
    assert config.language == "en-GB"
    assert config.formats == ("html",)
    assert config.translations == ()
    assert config.slug == "t"
    assert config.format_options["html"]["colour-scheme"] == "standard"
    with pytest.raises(TypeError):
        config.format_options["html"]["colour-scheme"] = "cream"  # read-only


@pytest.mark.parametrize("toml, expected", [
    (GOOD + 'titel = "x"\n', "course.toml:5: error: unknown key 'course.titel' (did you mean 'title'?)"),
    (GOOD + "formats = [\"html\", \"pdf\"]\n", 'course.toml:5: error: course.formats has an unknown format "pdf"'),
    (GOOD + 'translations = ["klingon"]\n', 'course.toml:5: error: course.translations has an unknown language '
                                           '"klingon"'),
    (GOOD + "formats = \"html\"\n", "course.toml:5: error: course.formats must be a list of names in quotes"),
    (GOOD.replace('"T"', "3"), "course.toml:2: error: course.title must be text in quotes, not 3"),
    (GOOD.replace('title = "T"\n', ""), "course.toml:1: error: course.title is missing"),
    (GOOD + '[html]\ncolour-scheme = "pink"\n', 'course.toml:6: error: html.colour-scheme must be one of '
                                                '"standard", "cream", "high-contrast", not "pink"'),
    (GOOD + "[html]\nfont = 3\n", "course.toml:6: error: unknown key 'html.font'"),
    (GOOD + "[pdf]\n", "course.toml:5: error: unknown section [pdf]"),
    (GOOD + 'date = "26/11/2026"\n', 'course.toml:5: error: course.date must be a real date written like "2026-11-26"'),
    (GOOD + 'date = "9999-99-99"\n', 'course.toml:5: error: course.date must be a real date written like "2026-11-26"'),
    (GOOD.replace('"T"', '"T\\u001b[2J"'), "course.toml:2: error: course.title holds a control character"),
    ("\ufeff" + GOOD + 'date = "x"\n', 'course.toml:5: error: course.date must be a real date'),  # a BOM is fine
    ("[course\n", "course.toml:1: error: not valid TOML"),
    ('[course]\ntitle = "Mini\n', "course.toml:2: error: not valid TOML: this line ends before its closing quote"),
    ("title = 'x'\n", "course.toml: error: the [course] section is missing"),
])
def test_config_mistakes(course_dir, toml, expected):
    shown = problems_for(course_dir, toml)
    assert any(line.startswith(expected) for line in shown), shown


def test_all_config_errors_are_reported_together(course_dir):
    shown = problems_for(course_dir, GOOD + 'titel = "x"\nformats = ["pdf"]\n[html]\ncolour-scheme = "pink"\n')
    assert len(shown) == 3, shown


@pytest.mark.parametrize("epoch, fine", [("1764115200", True), ("99999999999999", False), ("soon", False)])
def test_source_date_epoch_is_range_checked(course_dir, monkeypatch, epoch, fine):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    course, problems = read_course(course_dir({"01-a.md": "# A\n"}, course_toml=GOOD))
    shown = [str(p) for p in problems.errors]
    assert (shown == []) == fine, shown
    assert fine or shown[0].startswith("SOURCE_DATE_EPOCH: error: this setting must be a whole number")


def test_a_title_file_names_cannot_hold_gives_a_safe_slug_and_the_build_says_so(course_dir):
    """An Urdu title makes the file names start "course-ur...": safe on every disk and in every email, and
    the coordinator is told why and how to choose another."""
    from builder.build import build
    toml = COURSE_TOML.replace('title = "Test Course"', 'title = "خود اعتمادی"')
    content = course_dir({"01-a.md": "# A\n\nText.\n"}, course_toml=toml)
    result = build(content, content.parent / "out", formats=["html"], report=lambda line: None)
    assert [entry.path for entry in result.built] == ["participant/en-GB/course-en-gb.html"]
    assert result.notes == ["file names start with 'course': made from the title with letters every disk and "
                            "email can hold (a-z, 0-9, -); choose another with slug = \"...\" in course.toml"]
    result = build(course_dir({"01-a.md": "# A\n"}), content.parent / "out2", formats=["html"], report=lambda line: None)
    assert result.notes == []
