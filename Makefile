# leakcheck — build, test, install, bench.
#
# Every .c under harness/ (and its subsystem folders, harness/bisect/) and
# analyzers/ is part of the program; each
# tests/unit/NAME.c is a TAP-printing unit test linked against all of them
# except harness/main.c. New files need no Makefile edit.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -std=gnu11 $(if $(findstring clang,$(CC)),,-Wno-format-truncation)
PKGS    := libcurl jansson inih
# pkg-config's flags live apart from CFLAGS so that a CFLAGS given on the
# command line (make asan does) replaces only the optimisation and sanitizer
# flags, not the include paths; := runs pkg-config once, not per compile.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
CPPFLAGS += -D_GNU_SOURCE -Iharness -Ianalyzers -DLEAKCHECK_VERSION=\"$(VERSION)\"
LDLIBS  += $(PKG_LIBS) -lev -lm
VERSION := 0.1.0
PREFIX  ?= /usr/local
BUILD   ?= build
BIN     ?= leakcheck

SRC      := $(wildcard harness/*.c harness/*/*.c analyzers/*.c)
OBJ      := $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ  := $(filter-out $(BUILD)/harness/main.o,$(OBJ))
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test check test-browser unit demo install clean asan bench bench-deps format accuracy fuzz fuzz-smoke

all: $(BIN)

$(BIN): $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c $(wildcard harness/*.h harness/*/*.h analyzers/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(PKG_CFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LIB_OBJ) $(LDLIBS)

unit: $(UNIT_BIN)

# Debian packages and npm packages the build, tests and examples need (only
# what is missing is installed).
deps:
	@sh .ci/install-deps

# The suite: unit tests and end-to-end runs, all TAP, all under prove. Two
# at a time: verdicts are judged on retained memory, which a busy machine
# does not change (make accuracy shows it), only the wall time.
PROVE ?= prove -j2
test: deps
	$(MAKE) leakcheck unit
	LEAKCHECK_BUILD=$(BUILD) $(PROVE) -r tests/

# What CI runs: the suite, the suite again under ASan + UBSan, and a bounded
# run of every fuzz target.
check: test
	$(MAKE) asan
	$(MAKE) fuzz-smoke

# report.html in headless Chromium: renders, no console errors, screenshot
# (also part of `make test` when chromium is installed).
test-browser: leakcheck
	LEAKCHECK_SCREENSHOT=$(CURDIR)/report-screenshot.png prove -v tests/report-html-renders-in-chromium.t

demo: deps
	$(MAKE) leakcheck
	./leakcheck run scenarios/demo.ini

# Same suite, built with AddressSanitizer and UBSan into a separate tree.
asan:
	$(MAKE) BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" leakcheck-asan unit
	LEAKCHECK=./leakcheck-asan LEAKCHECK_BUILD=build-asan $(PROVE) -r tests/

leakcheck-asan: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The load driver against wrk (CPU per request, requests/s at 1, 10 and 50
# connections) and the time to verdict of a clean endpoint; `analyze` and
# `diff S1 S2 S3` against memlab and DevTools' own code at 20, 150 and
# 600 MB (CPU s, peak RSS, ratios; ~12 minutes, ~2.3 GB of snapshots in
# /tmp/leakcheck-bench); and bisect's build cache (the same bisect with an
# empty cache, a full one, none).
bench-deps: deps
	cd tests/bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@command -v wrk >/dev/null && [ -x /usr/bin/time ] || \
	  { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk time >/dev/null; } || \
	  { echo "make bench needs wrk and time: apt-get install -y wrk time" >&2; exit 1; }

# The load driver alone (tests/bench/load.sh sets it beside wrk).
$(BUILD)/tests/loadbench: tests/bench/loadbench.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LIB_OBJ) $(LDLIBS)

bench: leakcheck bench-deps $(BUILD)/tests/loadbench
	LEAKCHECK=$(CURDIR)/leakcheck LOADBENCH=$(CURDIR)/$(BUILD)/tests/loadbench tests/bench/load.sh
	LEAKCHECK=$(CURDIR)/leakcheck tests/bench/run.sh
	LEAKCHECK=$(CURDIR)/leakcheck tests/bench/bisect-cache.sh

# Every scenario N times (RUNS=5): verdicts, slopes, time to verdict, wrong
# verdicts counted (exit 1 on any). FLOOR=1: the smallest leak caught.
accuracy: deps
	$(MAKE) leakcheck
	LEAKCHECK=$(CURDIR)/leakcheck tests/accuracy/run.sh

# libFuzzer targets (clang): the snapshot parser, the scenario parser, the
# agent message parser. fuzz-smoke is the bounded run CI does.
FUZZ_BUILD   ?= /tmp/leakcheck-fuzz-$(shell printf %s '$(CURDIR)' | cksum | cut -d' ' -f1)
FUZZ_SECONDS ?= 60
fuzz:
	BUILD=$(FUZZ_BUILD) tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke:
	BUILD=$(FUZZ_BUILD) tests/fuzz/run.sh 20

install: leakcheck
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/leakcheck \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 leakcheck $(DESTDIR)$(PREFIX)/bin/leakcheck
	install -m 644 harness/agent/leakcheck-agent.js $(DESTDIR)$(PREFIX)/share/leakcheck/
	install -m 644 harness/report.schema.json $(DESTDIR)$(PREFIX)/share/leakcheck/
	install -m 644 harness/leakcheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/leakcheck.1

format:
	clang-format -i harness/*.[ch] harness/*/*.[ch] analyzers/*.[ch] tests/unit/*.[ch]

clean:
	rm -rf build build-asan leakcheck leakcheck-asan
