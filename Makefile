# confide: the two commands a newcomer needs are `make run` and `make test`.
PREFIX ?= /usr/local
SWIFT ?= swift
RELEASE_FLAGS = -c release --static-swift-stdlib
BIN_RELEASE = .build/release/confide
# The meaning model (all-MiniLM-L6-v2), fetched and verified by scripts/fetch-model; outside git.
MODEL_DIR = .build/model
# The model's licence, installed beside it as LICENSE (Debian's copy; set it elsewhere).
APACHE_LICENSE ?= /usr/share/common-licenses/Apache-2.0

.PHONY: all deps model build release run test eval install uninstall bench clean

all: build

deps:
	@scripts/install-dependencies

# After deps, so that two apt runs never race when pip has to be installed too.
model: deps
	@scripts/fetch-model $(MODEL_DIR)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product confide

# The companion on the shipped knowledge (the safety bank's vectors made once beside the model).
run: release model
	@scripts/seed-bank-vectors $(BIN_RELEASE) $(MODEL_DIR)
	@$(BIN_RELEASE) --knowledge Knowledge --model $(MODEL_DIR)

# Everything CI checks: the test suites, then the shipped knowledge folder.
test: deps model
	$(SWIFT) build
	@# The safety bank's vectors, made once on both processors (confide index keeps them in its
	@# cache folder) and shared by every test, instead of by each test's process; and left beside
	@# the model, where any new data folder finds them.
	scripts/seed-bank-vectors .build/debug/confide "$(MODEL_DIR)" .build/test-cache
	CONFIDE_MODEL="$(CURDIR)/$(MODEL_DIR)" $(SWIFT) test
	.build/debug/confide --knowledge Knowledge index --check

# Answer quality on every evaluation set (shipped, shipped without asks, outside FAQs imported
# as a practice would), baseline / words / meaning side by side; and the safety lists.
eval: build model
	CONFIDE_MODEL="$(CURDIR)/$(MODEL_DIR)" scripts/eval

# Speed, memory and scale against the sqlite3 shell (see BENCHMARKS.md). Not part of `make test`.
bench: deps model
	$(SWIFT) build $(RELEASE_FLAGS) --product confide
	$(SWIFT) build -c release --product confide-bench
	CONFIDE_MODEL="$(CURDIR)/$(MODEL_DIR)" .build/release/confide-bench

# The model goes in PREFIX/share/confide/model with its model card and licence, checked again
# there, and the shipped safety bank's vectors beside it (made here once, as for make run).
install: release model
	@test -f "$(APACHE_LICENSE)" || { echo "make install: $(APACHE_LICENSE) is missing; the model's licence (Apache-2.0) is installed beside it: install Debian's base-files or pass APACHE_LICENSE=FILE" >&2; exit 1; }
	@scripts/seed-bank-vectors $(BIN_RELEASE) $(MODEL_DIR)
	scripts/install-files install "$(DESTDIR)$(PREFIX)" $(BIN_RELEASE) $(MODEL_DIR) "$(APACHE_LICENSE)"
	@scripts/fetch-model --check "$(DESTDIR)$(PREFIX)/share/confide/model"

# Exactly what install put there (scripts/install-files holds the list): a practice's own
# articles in the installed knowledge folder are kept, with a note.
uninstall:
	scripts/install-files uninstall "$(DESTDIR)$(PREFIX)"

clean:
	$(SWIFT) package clean
