"""Every problem the reader reports, by code: what it means and how to fix it (the README's tables say the
same, and a test keeps them together). Warnings are shown and the build goes on with the most faithful
rendering the model allows; each can be switched off in course.toml under [check]. Errors stop the build:
a file that cannot be read, or content that could run or fetch something."""

from __future__ import annotations

WARNINGS: dict[str, tuple[str, str]] = {
    # headings and titles
    "module.no-title": ("the module has no title, so it is called after its file", "start it with '# Title'"),
    "module.two-titles": ("front matter 'title:' and the '#' title differ; the heading is used",
                          "make them the same, or delete one"),
    "heading.extra-title": ("another heading at the title's level, shown as a section", "use '##'"),
    "heading.skipped-level": ("a heading more than one level below the one before, shown one level below it",
                              "use one more '#' than the heading before"),
    "module.file-name": ("a Markdown file whose name does not start with a number (03-saying-no.md), skipped",
                         "rename it, or list the modules in order as modules = [...]"),
    "module.duplicate-number": ("two modules with the same number, put in the order of their names",
                                "give each its own number"),
    # front matter
    "front-matter.syntax": ("front matter that is not valid YAML, left out", "write each key as 'key: value'"),
    "front-matter.size": ("front matter over 16 KB, left out", "keep it to title, summary and duration"),
    "front-matter.value": ("a front matter value of the wrong kind, left out", "see 'Front matter'"),
    "front-matter.unknown-key": ("a front matter key spelled like one of this builder's", "check its spelling"),
    # pictures
    "image.missing": ("a picture that is not there; its description is shown", "check the file name"),
    "image.no-alt": ("a picture with no description (alt text)", "describe it between the square brackets"),
    "image.vague-alt": ("alt text that is a file name or just 'image'", "say what the picture shows"),
    "image.url": ("a picture on the web; its description and address are shown",
                  "save it in content/images, or set [pictures] fetch = true"),
    "image.outside": ("a picture outside the course folder (or at a site's top, /x.png), not read",
                      "copy it into content/images, or set published-at"),
    "image.type": ("a picture that is not PNG, JPEG or SVG", "save it as one of those"),
    "image.damaged": ("a picture that is cut short or corrupt", "save it again"),
    "image.too-large": ("a picture over 20 MB or 40 million pixels", "make it smaller"),
    "image.symbol": ("a symbol: name not in the symbol set", "use one of the names suggested"),
    "image.inline": ("a picture inside a link, heading or table cell, shown as its description",
                     "put it in a paragraph of its own"),
    # links
    "link.empty": ("a link with no words, left out", "write the words between the square brackets"),
    "link.scheme": ("a link that is not a web, email or phone address (javascript:, file:), shown as its words",
                    "use https://, mailto:, tel: or sms:"),
    "link.phone": ("a tel: or sms: link with letters or signs in the number, shown as its words",
                   "write only the digits"),
    "link.outside": ("a link to a page or note that is not in the course, shown as its words",
                     "add the page to the course, or set published-at"),
    "link.broken": ("a link to a heading or label that does not exist; it points at the module's start",
                    "check the heading's words or the label"),
    "link.undefined": ("[words][name] with no line '[name]: ...', shown as written", "add that line"),
    "note.undefined": ("[^1] with no note '[^1]: ...', shown as written", "write the note"),
    "note.unused": ("a note nothing refers to, left out", "refer to it, or delete it"),
    "note.trainer-only": ("a mark of a note written inside a trainer box: participants get neither",
                          "write the note outside the box if they need it"),
    "link.trainer-only": ("a link whose address is defined inside a trainer box: participants see only its words",
                          "define the address outside the box"),
    # boxes, tables, plans
    "box.guessed": ("a box whose name says trainer, facilitator or answer without being a known name: read as that "
                    "kind, so participants do not get it", "use the kind's own name, e.g. '::: trainer'"),
    "box.unclosed": ("a ::: box with no closing line; it runs to the end of what holds it", "add the ::: line"),
    "box.stray-end": ("a ::: line with no box to close, left out", "delete it"),
    "box.in-table": ("a ::: box inside a table cell; its colons are left out", "put the box outside the table"),
    "box.lone-answer": ("answer boxes after no exercise or question, kept for the trainer edition as every answer is",
                        "'answers: participants' in front matter, or an exercise box just before"),
    "table.no-header": ("a table whose header row is empty", "write the column names"),
    "table.complex": ("an HTML table cell joined across rows or columns", "give each cell its own words"),
    "plan.duration": ("a {duration=...} that is not minutes, or not on a '##' section or box, left out",
                      "write {duration=15} on a '##' heading or a box"),
    # other tools' markup
    "markdown.html": ("HTML this builder has no meaning for; its words are kept", "use Markdown"),
    "html.unsafe": ("HTML that could run or fetch something (script, style, iframe, onclick=, javascript:), left "
                    "out of every format", "delete it"),
    "markdown.attribute": ("a {...} attached to nothing, shown as written", "see 'Writing a module'"),
    "markdown.template": ("a tag of another tool ({% include %}, {{ site.x }}), left out",
                          "copy in the text it stands for"),
    "markdown.directive": ("a MyST directive this builder does not know (shown as a box) or cannot show",
                           "see the message"),
    "markdown.role": ("a MyST role this builder does not know; its words are shown", "see the message"),
    "markdown.embed": ("an Obsidian embed of another note, shown as a link to it", "nothing, or link to it"),
    "markdown.comment": ("a %% comment never closed, hiding the rest of the module", "add the closing %%"),
    "markdown.math": ("a formula, shown as written", "describe it in words too"),
    "markdown.code-cell": ("code cells (R Markdown, Quarto, Jupyter): what running them makes is left out",
                           "save a plot as a picture, or write the result in words"),
    "markdown.unsupported": ("Markdown this builder does not know; its words are kept", "see the message"),
    "markdown.indented-code": ("text indented by 4 spaces, shown as preformatted text", "remove the indent"),
    "language.unknown": ("an unknown language in {lang=..}, read as the language around it",
                         "use a tag such as pl or ur"),
    "text.control-character": ("an invisible control character, taken out", "delete it"),
    "easy.picture-in-text": ("(Easy Read) a picture in the middle of a sentence", "put it on its own line"),
    "easy.no-module": ("an .easy.md file with no module of the same name, left out", "name it after its module"),
}

ERRORS: dict[str, tuple[str, str]] = {
    "file.refused": ("a module, picture, translation or settings file that is a link to outside the course, a "
                     "folder, or too large", "copy the real file into the course"),
    "file.encoding": ("a file that is not UTF-8 text", "save it as UTF-8"),
    "file.unread": ("a module the builder could not read, through a fault of its own (never a traceback)",
                    "report it, with the file; the other modules are read"),
    "image.unsafe": ("an SVG that could run or fetch something (a script, a linked picture or file, entities)",
                     "save it again as plain SVG (the message says which)"),
    "markdown.nesting": ("quotes, lists or boxes nested more than 10 deep", "take some levels out"),
    "markdown.brackets": ("more than 10,000 '[' in one module", "look for a run of them"),
    "box.in-table": ("a ':::' trainer box inside a table cell, whose words would reach participants (another box "
                     "there is a warning)", "put the box before or after the table"),
    "module.name-too-long": ("a module file whose name, with the language and edition its audio files add, would "
                             "pass a disk's 255 characters", "give the file a shorter name"),
}
