# credscore — the two commands a newcomer needs are `make run` and `make test`.
# Everything they need (PostgreSQL cluster, Kafka-protocol broker, dictionaries) is
# installed or started by scripts/stack.sh, idempotently.

CARGO ?= cargo
export CREDSCORE_BIN_DIR := $(CURDIR)/target/release
# Release builds are optimised with the profile of scoring in models/ (scripts/pgo.sh); the
# scripts below set the same flags when run on their own, so every build shares one target.
# A RUSTFLAGS of one's own, even empty, is kept; none is set when there are no flags, so that
# cargo's own build.rustflags still apply.
ifeq ($(origin RUSTFLAGS),undefined)
PGO_RUSTFLAGS := $(shell scripts/pgo.sh flags)
ifneq ($(PGO_RUSTFLAGS),)
export RUSTFLAGS := $(PGO_RUSTFLAGS)
endif
endif

.PHONY: run test bench fuzz build deps up down stop train pgo fmt lint ci

## Start the local stack and the services, ingest the sample corpus, show the results.
run:
	scripts/run.sh

## Format check, lints, then every test against a real broker and PostgreSQL.
test:
	scripts/test.sh

## Benchmarks (about 20 minutes): scoring items/s per core (criterion), the pipeline end to end
## against offline scoring and the raw limits, a 10-minute soak, re-scoring 1M items.
bench:
	scripts/bench.sh

## Property tests of the text pipeline and the event decoder with many more cases than
## `make test` (PROPTEST_CASES, default 100000).
fuzz:
	PROPTEST_CASES=$${PROPTEST_CASES:-100000} $(CARGO) test --release -p credscore-tests --test properties

build:
	$(CARGO) build --release --workspace --bins

deps:
	scripts/stack.sh deps

up:
	scripts/stack.sh up run

## Stop the services started by `make run` and the local stack.
down stop:
	scripts/run.sh stop
	scripts/stack.sh down run

## Retrain the built-in models from corpus/ and corpus/stance/ (rebuild afterwards to embed
## them); `credscore train --only stance` retrains the stance model alone.
train:
	$(CARGO) run --release --bin credscore -- train

## Regenerate models/scoring.profdata, the profile release builds are optimised with (after
## changing the scoring code; a few minutes: an instrumented build of the scoring benchmark).
pgo:
	scripts/pgo.sh make

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --workspace --all-targets -- -D warnings
