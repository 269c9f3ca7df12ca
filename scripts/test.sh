#!/usr/bin/env bash
# `make test`: set up what the tests need, check formatting and lints, run every test.
# The test stack (PostgreSQL on 55433, broker on 19093) is separate from `make run`'s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The same RUSTFLAGS as `make` (the profile of scoring, scripts/pgo.sh), so one build serves both.
eval "$(scripts/pgo.sh env)"

scripts/stack.sh up test
eval "$(scripts/stack.sh env test)"
cleanup() { [[ ${CREDSCORE_KEEP_STACK:-} == 1 ]] || scripts/stack.sh down test; }
trap cleanup EXIT

cargo fmt --all -- --check
# The alert rules parse and fire when their unit tests say (deploy/prometheus/).
promtool check rules deploy/prometheus/alerts.yml
promtool test rules deploy/prometheus/alerts.test.yml
# One release build serves the binaries, the tests and clippy's checks of the same code.
cargo build --release --workspace --bins
cargo clippy --release --workspace --all-targets -- -D warnings
CREDSCORE_BIN_DIR=$root/target/release cargo test --release --workspace
