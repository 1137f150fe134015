"""The trainer's preview, as a trainer uses it: a real server, real file-watching and headless Chromium
driven by Playwright. The test edits files and waits for the page to change by itself (the server pushes
the reload); it never asks the server again."""

import io
import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from builder.preview import Preview

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".test-tools" / "node_modules" / "axe-core" / "axe.min.js"
WAIT_MS = 15_000  # for a page to show a saved change (measured: about 0.2 s; bench/preview.py)


@pytest.fixture
def preview(mini_course):
    toml = mini_course / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('formats = ["html"]', 'formats = ["html", "docx"]\n'
                    'editions = ["participant", "trainer"]'), encoding="utf-8")
    running = Preview(mini_course).start()
    yield running
    running.stop()


def expect(locator):
    """Playwright's waiting assertions (its own script, which the preview's Content-Security-Policy allows)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)



def _course_frame(page):
    page.wait_for_selector("iframe#course")
    frame = page.frame_locator("iframe#course")
    frame.locator("main").wait_for()
    return frame


def _save(path: Path, text: str) -> None:
    """Save as an editor does: the whole file written again."""
    path.write_text(text, encoding="utf-8")


def test_a_saved_edit_shows_by_itself_with_advice_beside_its_paragraph(preview, browser, mini_course):
    second = mini_course / "02-second.md"  # long enough to read with the window part way down it
    second.write_text(second.read_text(encoding="utf-8") + "".join(f"\nParagraph {n} of the second module.\n"
                                                                   for n in range(40)), encoding="utf-8")
    preview.session.reload()
    page = browser.new_page()
    page.goto(preview.url)
    frame = _course_frame(page)
    # mini's first module has *emphasis* on line 7: the checker's advice is beside that paragraph
    advice = frame.locator(".atb-advice", has_text="style.italic")
    advice.wait_for()
    assert "mini/01-first.md:7" in advice.inner_text()
    before = advice.evaluate("box => box.previousElementSibling.textContent")
    assert "A paragraph with bold, emphasis" in before.replace("\n", " ")
    assert frame.locator(".atb-advice-list a[href^='#atb-advice-']").count() >= 1

    module = mini_course / "01-first.md"
    text = module.read_text(encoding="utf-8")
    heading = frame.locator("#module-02-second")
    heading.evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 100)")
    assert heading.evaluate("h => h.getBoundingClientRect().top") == pytest.approx(100, abs=2)
    # the links follow the scrolling (at the next frame), so a new tab works too
    expect(page.locator(".make-link").first).to_have_attribute("href", re.compile("module=02-second"))
    shown_before = page.locator("iframe#course").get_attribute("data-generation")
    saved = time.perf_counter()
    _save(module, text.replace("and a second line.", "and a second line.\n\nA sentence written just now."))
    frame.get_by_text("A sentence written just now.", exact=True).wait_for(timeout=WAIT_MS)
    shown_in = time.perf_counter() - saved
    assert shown_in < WAIT_MS / 1000
    # the bar marks the frame once the new page has loaded and the reader's place is restored
    expect(page.locator("iframe#course")).not_to_have_attribute("data-generation", shown_before, timeout=WAIT_MS)
    # the text the trainer was reading is where it was, though a paragraph was added above it
    assert frame.locator("#module-02-second").evaluate("h => h.getBoundingClientRect().top") == \
        pytest.approx(100, abs=2)
    assert re.match(r"Shown as saved at .*: 2 problems, listed", page.locator("#status").inner_text())  # italics, phone

    _save(module, module.read_text(encoding="utf-8").replace("*emphasis*", "**emphasis**"))
    frame.locator(".atb-advice", has_text="style.italic").wait_for(state="detached", timeout=WAIT_MS)
    page.close()


def test_an_error_shows_a_page_saying_how_to_fix_it_and_the_server_keeps_going(preview, browser, mini_course):
    page = browser.new_page()
    page.goto(preview.url)
    _course_frame(page)
    toml = mini_course / "course.toml"
    good = toml.read_text(encoding="utf-8")
    _save(toml, good.replace('title = "Mini Course"', 'title = "Mini Course'))  # an unclosed quote
    frame = page.frame_locator("iframe#course")
    frame.get_by_text("The course cannot be shown yet").wait_for(timeout=WAIT_MS)
    listed = frame.locator(".atb-errors").inner_text()
    assert "course.toml:2" in listed and "config.syntax" in listed and "Traceback" not in listed
    _save(toml, good)
    frame.get_by_text("First module").first.wait_for(timeout=WAIT_MS)
    page.close()


def test_the_bar_switches_version_text_size_and_phone_width(preview, browser, mini_course):
    page = browser.new_page()
    page.goto(preview.url)
    frame = _course_frame(page)
    page.select_option("#size", "200")
    assert frame.locator("html").evaluate("html => html.style.fontSize") == "200%"
    page.check("#phone")
    assert frame.locator("html").evaluate("() => window.innerWidth") == 320  # the page's own width, as on a phone
    page.select_option("#edition", "trainer")
    frame.locator("html").wait_for()
    expect(page.locator("iframe#course")).to_have_attribute("src", re.compile("edition=trainer"))
    page.close()


def test_axe_finds_no_violation_in_the_preview(preview, browser):
    assert AXE.exists(), "axe-core is missing: `make test` installs it (test-setup)"
    page = browser.new_page()
    page.goto(preview.url)
    _course_frame(page)
    page.frame_locator("iframe#course").locator(".atb-advice").first.wait_for()
    script = AXE.read_text(encoding="utf-8")
    found, checked = {}, {}
    for name, target in (("bar", page.main_frame), ("course", page.frames[1])):
        target.evaluate(script)
        result = target.evaluate("async () => { const r = await axe.run(); return {violations: r.violations.map("
                                 "v => [v.id, v.help, v.nodes.slice(0, 3).map(n => n.target)]), passes: "
                                 "r.passes.length}; }")
        found[name], checked[name] = result["violations"], result["passes"]
    assert found == {"bar": [], "course": []}
    assert min(checked.values()) >= 10  # axe really looked: rules that passed on each page
    page.close()


# ---- without a browser ------------------------------------------------------------------------------


def _get(url: str, host: str | None = None, method: str = "GET") -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, method=method, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def test_it_serves_only_its_own_pages_on_this_computer(preview):
    assert preview.server.server_address[0] == "127.0.0.1"
    base = preview.url.rstrip("/")
    for path in ("/course.toml", "/01-first.md", "/assets/../session.py", "/assets/shell.html", "/images/",
                 "/%2e%2e/%2e%2e/etc/passwd", "/page/../../etc/passwd"):
        assert _get(base + path)[0] == 404, path
    assert _get(base + "/page?lang=xx")[0] == 400
    assert _get(base + "/make/docx?module=../../etc")[0] == 404
    assert _get(base + "/", method="POST")[0] == 405
    assert _get(base + "/", host="evil.example")[0] == 421  # a page elsewhere reaching it by a DNS trick
    status, body, headers = _get(base + "/")
    assert status == 200 and "default-src 'self'" in headers["Content-Security-Policy"]


def test_the_module_on_view_can_be_made_in_another_format(preview):
    from docx import Document

    status, body, headers = _get(preview.url + "make/docx?edition=participant&lang=en-GB&scheme=standard"
                                              "&module=02-second")
    assert status == 200 and "filename*=UTF-8''" in headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
    assert "Second module" in text and "First module" not in text
    again = _get(preview.url + "make/docx?edition=participant&lang=en-GB&scheme=standard&module=02-second")
    assert again[1] == body  # made once, then kept until the course changes


def test_events_push_a_reload_when_a_file_is_saved(preview, mini_course):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=20)
    connection.request("GET", "/events")
    stream = connection.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream"
    assert stream.readline() == b"retry: 500\n"
    stream.readline()
    (mini_course / "02-second.md").write_text("# Second module\n\nChanged.\n", encoding="utf-8")
    lines = [stream.readline() for _ in range(2)]
    assert lines[0] == b"event: reload\n" and json.loads(lines[1].split(b":", 1)[1])["generation"] == 1
    connection.close()


def test_hostile_markdown_is_shown_as_build_shows_it_never_run(preview, mini_course):
    (mini_course / "02-second.md").write_text(
        '# Second module\n\n<script>alert("x")</script>\n\n<img src="x" onerror="alert(1)" alt="A picture">\n\n'
        '[Click](javascript:alert(1))\n', encoding="utf-8")
    preview.session.reload()
    status, body, _ = _get(preview.url + "page?edition=participant&lang=en-GB&scheme=standard")
    page = body.decode("utf-8")
    advice = re.search(r'<script type="application/json" id="atb-advice">(.*?)</script>', page, re.DOTALL)
    assert "</" not in advice.group(1)  # the advice quotes the content, as data that cannot close its element
    page = page.replace(advice.group(1), "")
    assert status == 200 and "Second module" in page
    assert 'alert("x")' not in page and "onerror" not in page and "javascript:" not in page
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == ['<script type="application/json" id="atb-advice">', '<script src="/assets/advice.js">']


def test_a_fault_in_the_builder_is_one_line_and_the_server_goes_on(preview, monkeypatch):
    def broken(*_):
        raise ValueError("something inside")

    monkeypatch.setattr(preview.session, "page", broken)
    status, body, _ = _get(preview.url + "page?edition=participant&lang=en-GB&scheme=standard")
    assert status == 500 and b"ValueError: something inside" in body and b"Traceback" not in body
    monkeypatch.undo()
    assert _get(preview.url)[0] == 200


def _advice(preview, edition: str) -> list[dict]:
    page = preview.session.page(edition, "en-GB", "standard")
    return json.loads(re.search(r'id="atb-advice">(.*?)</script>', page, re.DOTALL).group(1).replace("<\\/", "</"))


def test_advice_about_another_edition_says_so_instead_of_pointing_at_other_text(preview, mini_course):
    module = mini_course / "02-second.md"
    module.write_text("# Second module\n\nHello.\n\n::: trainer\nSay it *slowly*.\n:::\n", encoding="utf-8")
    preview.session.reload()
    [participant] = [a for a in _advice(preview, "participant") if a["code"] == "style.italic"
                     and "02-second" in a["where"]]
    assert participant["element"] is None and participant["elsewhere"]
    [trainer] = [a for a in _advice(preview, "trainer") if a["code"] == "style.italic" and "02-second" in a["where"]]
    assert trainer["element"] and not trainer["elsewhere"]


def test_untranslated_passages_are_advice_and_the_page_is_still_shown(preview, mini_course):
    toml = mini_course / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('language = "en-GB"',
                                                             'language = "en-GB"\ntranslations = ["pl"]'),
                    encoding="utf-8")
    preview.session.reload()
    missing = [a for a in _advice(preview, "participant") if a["code"] == "translation.missing"]
    assert missing and all(a["level"] == "error" and "make translate LANGS=pl" in a["message"] for a in missing)
    assert any(a["element"] for a in missing)
    assert "First module" in preview.session.page("participant", "pl", "standard")  # shown, English for now


def test_the_bar_follows_course_toml(preview, browser, mini_course):
    page = browser.new_page()
    page.goto(preview.url)
    _course_frame(page)
    page.select_option("#size", "150")
    toml = mini_course / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('language = "en-GB"',
                                                             'language = "en-GB"\ntranslations = ["ur"]'),
                    encoding="utf-8")
    page.wait_for_selector("#lang option[value='ur']", state="attached", timeout=WAIT_MS)
    assert page.locator("#lang option[value='ur']").inner_text() == "Urdu (ur)"
    expect(page.locator("#size")).to_have_value("150", timeout=WAIT_MS)  # the trainer's choices were kept
    page.close()
