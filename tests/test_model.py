"""Helpers of the model shared by writers."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.model import Link, Source, Text, address_to_add


def _link(href: str, text: str, module: str | None = None) -> Link:
    source = Source(Path("01-a.md"), 1)
    return Link(href, [Text(text, source, "en-GB")], source, "en-GB", module)


@pytest.mark.parametrize("href, text, added", [
    ("tel:116123", "116 123", None),  # the words show the number, grouped as people read it
    ("tel:+44%20300%20123%203393", "0300 123 3393", "+44 300 123 3393"),  # other digits: the number is added
    ("tel:116123", "Samaritans", "116123"),
    ("sms:85258", "text SHOUT", "85258"),
    ("mailto:jo@samaritans.org", "jo@samaritans.org", None),
    ("mailto:jo@samaritans.org", "email Samaritans", "jo@samaritans.org"),
    ("https://www.mind.org.uk/", "https://www.mind.org.uk", None),
    ("https://www.mind.org.uk", "Mind website", "https://www.mind.org.uk"),
])
def test_the_address_is_added_only_when_the_words_do_not_show_it(href, text, added):
    assert address_to_add(_link(href, text), text) == added


def test_a_link_to_another_module_adds_nothing():
    assert address_to_add(_link("03-rights.md", "Your rights", module="03-rights"), "Your rights") is None
