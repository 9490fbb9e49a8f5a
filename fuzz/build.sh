#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer on the stable toolchain, without cargo-fuzz:
# SanitizerCoverage is reached through stable -C flags, and no sanitizer is needed for safe
# Rust (panics, overflows, hangs and runaway memory are what we look for).
# Same flags as `cargo fuzz build -s none`; `cargo fuzz` itself also works (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
exec cargo build --release --target x86_64-unknown-linux-gnu --bins "$@"
