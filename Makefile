# ldapsync: the two commands a new machine needs are `make demo` and `make test`.
# Each installs what is missing (Debian packages), starts the throwaway directories, and
# stops them again. Everything the directories keep lives under .dev/ (git-ignored).
SHELL := /bin/bash

.PHONY: all deps build directories stop test unit demo bench bench-large clean format fuzz

all: build

deps:
	@scripts/install-deps.sh

build: deps
	swift build

# Start (or keep) the three throwaway directories: OpenLDAP source and target, Samba AD DC.
directories: deps
	scripts/directories.sh start

stop:
	scripts/directories.sh stop

# Fresh directories, the whole test suite (unit + integration against real servers), stop.
test: deps
	scripts/run-tests.sh

# Apply the project's style (.swift-format); `make test` lints it.
format:
	swift format format --in-place --recursive --parallel Sources Tests Package.swift

# Unit tests only (no directories needed).
unit:
	swift test --skip IntegrationTests

demo: deps
	scripts/demo.sh

bench: deps
	scripts/bench/run.sh

# A million objects beside 100k, for linearity (not in CI; two hours or more): scripts/bench/large.sh
bench-large: deps
	scripts/bench/large.sh

# Fuzz every parser (libFuzzer + AddressSanitizer) for FUZZ_SECONDS each, two at a time, from
# the seeds and kept crashes in Fuzz/; figures per target and what to do with a crash:
# scripts/fuzz/README.md. `make test` runs every target for a few seconds.
FUZZ_SECONDS ?= 180
fuzz: deps
	scripts/fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz/run.sh

clean:
	scripts/directories.sh stop || true
	rm -rf .build .dev
