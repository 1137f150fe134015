"""Session plans: sections and timed activities on a clock from 0:00, against the module's duration."""

from __future__ import annotations

from builder.course import load_course
from builder.model import plain_text
from builder.session_plan import session_plan


def _plan(course_dir, text: str):
    course, problems = load_course(course_dir({"01-a.md": text}))
    assert not problems.errors, problems.errors
    return session_plan(course.modules[0])


def _rows(plan) -> list[tuple[int, str, int | None, bool]]:
    return [(row.start, plain_text(row.title), row.minutes, row.box_kind is not None) for row in plan.rows]


def test_sections_with_times_and_activities_inside_them_run_on_one_clock(course_dir):
    plan = _plan(course_dir, "---\nduration: 1 hour\n---\n# A\n\n::: activity {duration=5} Arrive\nHello.\n:::\n\n"
                             "## Talk {duration=20}\n\n::: exercise {duration=10} Pairs\nGo.\n:::\n\n"
                             "::: discussion {duration=5}\nShare.\n:::\n\n## Untimed\n\nText.\n\n"
                             "## Close\n\n::: activity {duration=15} Goodbyes\nBye.\n:::\n")
    assert _rows(plan) == [(0, "Arrive", 5, True), (5, "Talk", 20, False), (5, "Pairs", 10, True),
                           (15, "", 5, True), (25, "Untimed", None, False), (25, "Close", 15, False),
                           (25, "Goodbyes", 15, True)]
    assert (plan.total, plan.stated, plan.agrees, plan.overruns) == (40, 60, False, [])


def test_activities_longer_than_their_section_are_an_overrun(course_dir):
    plan = _plan(course_dir, "# A\n\n## Talk {duration=10}\n\n::: activity {duration=15}\nGo.\n:::\n")
    assert [(plain_text(row.title), inner) for row, inner in plan.overruns] == [("Talk", 15)]
    assert plan.total == 10 and plan.stated is None and plan.agrees


def test_a_module_without_times_has_no_plan(course_dir):
    assert _plan(course_dir, "---\nduration: 45 minutes\n---\n# A\n\n## Talk\n\n::: activity\nGo.\n:::\n") is None


def test_boxes_in_lists_and_quotes_count_but_a_box_inside_a_timed_box_does_not(course_dir):
    plan = _plan(course_dir, "# A\n\n- item\n\n  ::: activity {duration=5} In a list\n  Go.\n  :::\n\n"
                             "> ::: activity {duration=5} In a quote\n> Go.\n> :::\n\n"
                             "::: activity {duration=10} Outer\n::: activity {duration=4} Inner\nGo.\n:::\n:::\n")
    assert [plain_text(row.title) for row in plan.rows] == ["In a list", "In a quote", "Outer"]
    assert plan.total == 20
