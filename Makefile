# confide: the two commands a newcomer needs are `make run` and `make test`.
PREFIX ?= /usr/local
SWIFT ?= swift
RELEASE_FLAGS = -c release --static-swift-stdlib
BIN_RELEASE = .build/release/confide

.PHONY: all deps build release run test eval install uninstall bench clean

all: build

deps:
	@scripts/install-dependencies

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product confide

# The companion on the shipped knowledge.
run: release
	@$(BIN_RELEASE) --knowledge Knowledge

# Everything CI checks: the test suites, then the shipped knowledge folder.
test: deps
	$(SWIFT) build
	$(SWIFT) test
	.build/debug/confide --knowledge Knowledge index --check

# Answer quality and the safety check, on the project's evaluation sets.
eval: build
	.build/debug/confide --knowledge Knowledge --data-dir "$$(mktemp -d)" eval Tests/Evaluation/*.tsv

# Speed, memory and scale against the sqlite3 shell (see BENCHMARKS.md). Not part of `make test`.
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product confide
	$(SWIFT) build -c release --product confide-bench
	.build/release/confide-bench

install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/confide/knowledge" "$(DESTDIR)$(PREFIX)/share/man/man1"
	install -m 755 $(BIN_RELEASE) "$(DESTDIR)$(PREFIX)/bin/confide"
	install -m 644 Knowledge/*.md "$(DESTDIR)$(PREFIX)/share/confide/knowledge/"
	install -m 644 docs/confide.1 "$(DESTDIR)$(PREFIX)/share/man/man1/confide.1"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/confide"
	rm -rf "$(DESTDIR)$(PREFIX)/share/confide"
	rm -f "$(DESTDIR)$(PREFIX)/share/man/man1/confide.1"

clean:
	$(SWIFT) package clean
