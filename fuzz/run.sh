#!/usr/bin/env bash
# Fuzz what parses agent input, on the stable toolchain: libFuzzer (libfuzzer-sys) with
# LLVM's SanitizerCoverage instrumentation (stable -C passes / -C llvm-args flags). Each
# target starts from its kept corpus in fuzz/corpus/<target>/ and runs for SECONDS
# (default 60). A crash, a panic (a failed property, see crates/fuzz-harness), or an input
# slower than TIMEOUT seconds (default 10; the property itself holds the guard's 1 s
# deadline) fails the run and leaves the input in target/fuzz/artifacts/<target>/; add it
# to fuzz/corpus/<target>/ once fixed, so that `cargo test` replays it.
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...]   (targets: shell hook frontmatter)
# Needs a C++ compiler (libFuzzer is built from source by libfuzzer-sys).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(shell hook frontmatter)
triple="$(rustc -vV | sed -n 's/^host: //p')"
out="$PWD/../target/fuzz"
# --target keeps these flags off build scripts and proc macros.
RUSTFLAGS="--cfg fuzzing -C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=4 \
 -C llvm-args=-sanitizer-coverage-inline-8bit-counters -C llvm-args=-sanitizer-coverage-pc-table \
 -C llvm-args=-sanitizer-coverage-trace-compares -C codegen-units=1" \
  cargo build -q --release --target "$triple" --target-dir "$out/build" --bins
status=0
for t in "${targets[@]}"; do
  work="$out/corpus/$t"; artifacts="$out/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  echo "== $t: ${seconds}s"
  # New inputs go to a scratch corpus; the kept one is only read.
  if ! "$out/build/$triple/release/$t" "$work" "corpus/$t" -max_total_time="$seconds" \
      -timeout="${TIMEOUT:-10}" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts" 2> "$out/$t.log"; then
    status=1
    tail -n 30 "$out/$t.log"
    echo "FAILED: $t (inputs in $artifacts)"
  else
    grep -E "stat::(number_of_executed_units|peak_rss_mb)|cov:" "$out/$t.log" | tail -n 3
  fi
done
exit $status
