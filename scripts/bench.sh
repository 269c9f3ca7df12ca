#!/usr/bin/env bash
# `make bench`: scoring throughput per core and peer standing (criterion), then the pipeline end to end
# against the local test stack, with the raw broker and PostgreSQL limits beside it, re-scoring, and
# the copy lookup.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The same RUSTFLAGS as `make` (the profile of scoring, scripts/pgo.sh), so one build serves both.
eval "$(scripts/pgo.sh env)"
scripts/stack.sh up test
eval "$(scripts/stack.sh env test)"
trap 'scripts/stack.sh down test' EXIT
# One thread: the criterion figures are per core.
RAYON_NUM_THREADS=1 cargo bench -p credscore-model --bench scoring -- --noplot
# Peer standing of 100,000 practitioners over 1,000,000 reply edges (one thread; target < 30 s).
cargo bench -p credscore-standing --bench standing -- --noplot
# Normal producer batching, as with Apache Kafka. (The local stack's default of one record per
# batch, needed for exact offsets on tansu after a restart, costs most of the throughput here.)
CREDSCORE_KAFKA_SETTINGS= cargo bench -p credscore-tests --bench pipeline
# Re-scoring 1,000,000 stored items in local mode (CREDSCORE_BENCH_RESCORE_ITEMS to change).
cargo build --release --bins -q
cargo bench -p credscore-tests --bench rescore
# A copy lookup against the shared copy index with 1,000,000 originals indexed
# (CREDSCORE_BENCH_COPY_ITEMS to change; target ≤ 50 µs per item).
cargo bench -p credscore-tests --bench copies
