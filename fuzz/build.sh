#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer on the stable toolchain, without cargo-fuzz:
# SanitizerCoverage is reached through stable -C flags, and no sanitizer is needed for safe
# Rust (panics, overflows, hangs and runaway memory are what we look for).
# Same flags as `cargo fuzz build -s none`; `cargo fuzz` itself also works (see README.md).
#   fuzz/build.sh [--ci] [CARGO ARGS...]
# --ci builds the `fuzz-ci` profile (opt-level 1, no debug info) into
# target/x86_64-unknown-linux-gnu/fuzz-ci/: several times cheaper to build from nothing than the
# default `release` profile, which is for long runs.
set -euo pipefail
cd "$(dirname "$0")"
profile=release
if [ "${1:-}" = --ci ]; then
  profile=fuzz-ci
  shift
fi
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# --target keeps RUSTFLAGS off build scripts and proc macros, which need no instrumentation.
exec cargo build --profile "$profile" --target x86_64-unknown-linux-gnu --bins "$@"
