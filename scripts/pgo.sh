#!/usr/bin/env bash
# Profile-guided optimisation of scoring.
#
#   scripts/pgo.sh flags   print the RUSTFLAGS that optimise a build with models/scoring.profdata
#                          (nothing when the file is missing or was made with another LLVM than
#                          this rustc's: the build is then a plain release build, same output)
#   scripts/pgo.sh env     print `export RUSTFLAGS=…` for `eval` when RUSTFLAGS is unset and
#                          there are flags (a RUSTFLAGS of one's own, even empty, is kept)
#   scripts/pgo.sh make    (`make pgo`) regenerate models/scoring.profdata: build the scoring
#                          benchmark instrumented (target/pgo/), run it on one thread over the
#                          corpus items it reads (French and English, and the stance replies),
#                          merge the counts with the llvm-profdata of this rustc's LLVM
#                          (apt package llvm-<major>, installed when missing)
#
# The profile only tells the compiler which branches and calls are hot, so what a build computes
# is the same with or without it. Code changed since the profile was made is compiled as without
# one (its functions no longer match theirs), so run `make pgo` after changing the scoring code.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
cd "$root"

profile=$root/models/scoring.profdata
stamp=$root/models/scoring.profdata.llvm

# The LLVM of the compiler cargo runs.
llvm_major() { "${RUSTC:-rustc}" -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p'; }

flags() {
  [[ -f $profile && -f $stamp ]] || return 0
  if [[ $(cat "$stamp") != "$(llvm_major)" ]]; then
    echo "pgo: models/scoring.profdata is for LLVM $(cat "$stamp"), rustc has $(llvm_major):" \
      "building without it (same output, slower scoring; \`make pgo\` makes one for it)" >&2
    return 0
  fi
  if [[ $profile =~ [[:space:]] ]]; then
    echo "pgo: building without the profile: RUSTFLAGS cannot hold a path with spaces ($profile)" >&2
    return 0
  fi
  echo "-Cprofile-use=$profile -Cllvm-args=-no-pgo-warn-mismatch"
}

case ${1:-} in
flags)
  flags
  ;;
env)
  if [[ ! -v RUSTFLAGS ]]; then
    f=$(flags)
    [[ -z $f ]] || printf 'export RUSTFLAGS=%q\n' "$f"
  fi
  ;;
make)
  major=$(llvm_major)
  profdata=/usr/lib/llvm-$major/bin/llvm-profdata
  if [[ ! -x $profdata ]]; then
    echo "pgo: installing llvm-$major (llvm-profdata for rustc's LLVM $major)" >&2
    apt_install "llvm-$major"
  fi
  raw=$root/target/pgo/raw
  rm -rf "$raw" "$root/target/pgo/build-raw"
  echo "pgo: building the scoring benchmark instrumented (target/pgo/)" >&2
  # Build scripts and proc-macros are instrumented too: what they count while building goes
  # apart (LLVM_PROFILE_FILE), not into the profile nor into the working tree.
  CARGO_TARGET_DIR=$root/target/pgo RUSTFLAGS=-Cprofile-generate \
    LLVM_PROFILE_FILE="$root/target/pgo/build-raw/%p.profraw" \
    cargo bench -p credscore-model --bench scoring --no-run
  bench=$(ls -t "$root"/target/pgo/release/deps/scoring-* | grep -v '\.d$' | head -n 1)
  echo "pgo: running $bench on one thread" >&2
  (cd services/model && LLVM_PROFILE_FILE="$raw/scoring-%p.profraw" RAYON_NUM_THREADS=1 \
    "$bench" --bench --warm-up-time 1 --measurement-time 3 --noplot --discard-baseline >/dev/null)
  "$profdata" merge -o "$profile" "$raw"/*.profraw
  echo "$major" >"$stamp"
  echo "pgo: wrote $profile ($(du -h "$profile" | cut -f1)); the next build recompiles every crate" \
    "with it (every crate's build depends on the file)" >&2
  ;;
*)
  echo "usage: scripts/pgo.sh flags|env|make" >&2
  exit 2
  ;;
esac
