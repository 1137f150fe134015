"""Trainer text reaches participants by no route: a note or a link address written inside a trainer box
goes with the box, in every format and in what translators are asked (issue 38, finding 1)."""

from builder.course import load_course
from builder.editions import select
from builder.locale import locale_for
from builder.translation.segments import course_segments
from builder.walk import nodes
from builder.writers import get, names

TOML = ('[course]\ntitle = "Leak"\norganisation = "Org"\nlanguage = "en-GB"\n'
        'formats = ["html", "docx", "braille", "large-print"]\neditions = ["participant", "trainer"]\n')
MODULE = """# A

Participant text with a note.[^secret] And a [useful page][ref].

::: trainer
Trainer text.

[^secret]: Hushhush the trainer's own footnote.

[ref]: https://secret.example/hushhush
:::

An answer-free paragraph with [an address](https://open.example/) written in it.
"""


def _text(course) -> str:
    """Every word and address in the course's modules and their notes."""
    from builder.model import Link, Text

    return " ".join(node.text if isinstance(node, Text) else node.href for node in nodes(course)
                    if isinstance(node, (Text, Link)))


def test_a_note_or_address_inside_a_trainer_box_stays_with_it(course_dir):
    content = course_dir({"01-a.md": MODULE}, course_toml=TOML)
    course, problems = load_course(content)
    codes = {p.code: p.line for p in problems.warnings}
    assert codes["note.trainer-only"] == 3 and codes["link.trainer-only"] == 3
    participant, trainer = select(course, "participant"), select(course, "trainer")
    assert "hushhush" not in _text(participant).lower() and "useful page" in _text(participant)
    assert "Hushhush" in _text(trainer) and "secret.example/hushhush" in _text(trainer)
    assert participant.modules[0].notes == [] and "open.example" in _text(participant)
    for name in names():
        if name in ("html", "docx", "braille"):
            for made in get(name).write(participant, locale_for("en-GB"), course.config.format_options[name]):
                assert b"hushhush" not in made.data.lower(), (name, made.path)
    asked = [segment for segment in course_segments(select(course, "trainer")) if "Hushhush" in segment.text]
    assert asked and all(segment.trainer for segment in asked)  # translators see it marked for the trainer
