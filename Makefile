# Accessible Training Builder. `make` installs what is missing, then builds every output;
# `make test` runs the tests. See README.md for the other targets.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONTENT ?= content
OUTPUT ?= outputs
ARGS ?=

# Debian/Ubuntu packages the builder needs to run, and those only the tests need.
SYSTEM_PACKAGES := python3-venv libharfbuzz-subset0 libcairo2 fontconfig fonts-noto-core fonts-dejavu-core fonts-noto-color-emoji liblouis-data python3-louis espeak-ng
TEST_SYSTEM_PACKAGES := libreoffice-writer-nogui poppler-utils chromium epubcheck nodejs pandoc libzbar0
# Ace by DAISY, the EPUB accessibility checker the tests run (npm; its browser download is skipped: it uses
# Debian's chromium). Pinned, installed into .test-tools/ on the first `make test`.
ACE_VERSION := 1.4.6
ACE := .test-tools/node_modules/.bin/ace-puppeteer
# axe-core, which the preview's tests run in the page (npm, pinned, into .test-tools/ with Ace)
AXE_VERSION := 4.10.3
AXE := .test-tools/node_modules/axe-core/axe.min.js

.DEFAULT_GOAL := all
.PHONY: all setup system-packages link-louis symbols voices fuzz test-setup build check preview import formats translate packs site test clean

all: build

setup: system-packages $(VENV)/.installed link-louis symbols voices

# OpenMoji's symbols for Easy Read pictures (symbol:name), from the npm registry, checked, once.
symbols:
	@$(PYTHON) scripts/fetch-symbols

# The natural voices the course names (Piper), checked against builder/data/voices.toml, once; a voice that
# cannot be fetched is said plainly, and its language is spoken by espeak-ng.
voices: $(VENV)/.installed
	@$(PY) scripts/fetch-voices $(CONTENT)

system-packages:
	@scripts/setup-system $(SYSTEM_PACKAGES)

$(VENV)/.installed: pyproject.toml | system-packages
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; this is " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing Python packages into $(VENV) (first run only)..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# liblouis's Python module comes from Debian (python3-louis), not PyPI: link just that package into
# the venv, so the venv sees liblouis without seeing every other Debian Python package.
link-louis: $(VENV)/.installed
	@site=$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'); \
	  test -e "$$site/louis" || ln -s /usr/lib/python3/dist-packages/louis "$$site/louis"

build: setup
	@$(PY) -m builder build --content $(CONTENT) --output $(OUTPUT) $(ARGS)

check: setup
	@$(PY) -m builder check --content $(CONTENT)

# The course in a browser as participants will get it on the web, shown again at each save (Ctrl+C stops it)
preview: setup
	@$(PY) -m builder preview --content $(CONTENT) $(ARGS)

# A Word (.docx) or OpenDocument (.odt) handout made into modules: make import FILE=handout.docx (pandoc reads it)
FILE ?=
import: setup
	@test -n "$(FILE)" || { echo "usage: make import FILE=handout.docx [ARGS=--force]"; exit 2; }
	@scripts/setup-system pandoc
	@$(PY) -m builder import "$(FILE)" --into $(CONTENT) $(ARGS)

formats: setup
	@$(PY) -m builder formats

# The participants' versions as a static web site in outputs/site (trainer files never), after a build
site: setup
	@$(PY) -m builder site --content $(CONTENT) --output $(OUTPUT) $(ARGS)

# Participant packs from a needs register (kept outside content/ and out of git): make packs PARTICIPANTS=file.csv
PARTICIPANTS ?=
packs: setup
	@test -n "$(PARTICIPANTS)" || { echo "usage: make packs PARTICIPANTS=register.csv"; exit 2; }
	@$(PY) -m builder packs --participants $(PARTICIPANTS) --content $(CONTENT) --output $(OUTPUT) $(ARGS)

# Machine-translate what is missing: make translate LANGS=pl,ur [ENGINE=google] [URL=https://host/] (ENGINE=none: only add new entries)
LANGS ?=
ENGINE ?= google
translate: setup
	@test -n "$(LANGS)" || { echo "usage: make translate LANGS=pl[,ur,...] [ENGINE=google|libretranslate|deepl|mymemory|none] [URL=...]"; exit 2; }
	@$(PY) -m builder translate --to $(LANGS) --content $(CONTENT) --engine $(ENGINE) $(if $(URL),--url $(URL))

test-setup: setup
	@scripts/setup-system $(TEST_SYSTEM_PACKAGES)
	@command -v npm >/dev/null || scripts/setup-system npm
	@test -x $(ACE) || { echo "Installing Ace by DAISY $(ACE_VERSION) into .test-tools (first run only)..."; \
	  npm install --prefix .test-tools --ignore-scripts --no-audit --no-fund --loglevel=error \
	    @daisy/ace@$(ACE_VERSION) >/dev/null; }
	@test -f $(AXE) || { echo "Installing axe-core $(AXE_VERSION) into .test-tools (first run only)..."; \
	  npm install --prefix .test-tools --ignore-scripts --no-audit --no-fund --loglevel=error \
	    axe-core@$(AXE_VERSION) >/dev/null; }

# Many more mutated SVG pictures than `make test` runs (FUZZ_EXAMPLES, default 3000), each drawn: a nightly check
FUZZ_EXAMPLES ?= 3000
fuzz: test-setup
	@FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -p no:cacheprovider tests/svg/test_fuzz.py

test: test-setup
	@$(PY) -m pytest -q -n auto --dist loadfile

clean:
	rm -rf $(OUTPUT)
