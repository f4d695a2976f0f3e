# Hayate: `make run` starts the server on the embedded default, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

INSTALLED := node_modules/.hayate-installed
TEST_CONCURRENCY ?= 2

.PHONY: help install build typecheck run test bench native native-check services clean

help:
	@echo "make run     build and start the server (embedded: SQLite, in-process state and queue)"
	@echo "make test    build, start local services if down, run every test"
	@echo "make build   compile TypeScript to dist/"
	@echo "make bench   run the benchmarks in bench/"
	@echo "make native  rebuild native/ (Rust → WASM) with Debian's cargo"

# Install only when package-lock.json changed since the last install.
$(INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(INSTALLED)

build: $(INSTALLED)
	@rm -rf dist
	npx --no-install tsc -p tsconfig.json

typecheck: $(INSTALLED)
	npx --no-install tsc -p tsconfig.json --noEmit

run: build
	node dist/server/cli/main.js serve

services:
	@bash .ci/services

test: build services native-check
	node --test --test-reporter=spec --test-concurrency=$(TEST_CONCURRENCY) --test-timeout=300000 \
		$$(find dist -name '*.test.js' | sort)

bench: build
	@for f in $$(find dist/bench -name '*.bench.js' | sort); do echo "== $$f"; node $$f || exit 1; done

native:
	$(MAKE) -C native build

# Fails when the committed .wasm differs from what the sources build to; without the Debian
# toolchain it is skipped with a note, unless NATIVE_CHECK_REQUIRED=1 (what .ci/run passes).
native-check:
	@if [ -f native/Makefile ]; then $(MAKE) -s -C native check NATIVE_CHECK_REQUIRED=$(NATIVE_CHECK_REQUIRED); fi

clean:
	rm -rf dist
