#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), nice'd, seeded from fixtures/.
# Crashes land in fuzz/artifacts/<target>/; copy them to fixtures/hostile/fuzz/ so
# tests/hostile.rs replays them.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter html_markdown html_writers)
./build.sh -q
bin=target/x86_64-unknown-linux-gnu/release
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  for f in ../fixtures/*.md ../fixtures/*.html ../fixtures/*.txt ../fixtures/hostile/*.md \
           ../fixtures/hostile/*.html ../fixtures/hostile/fuzz/*; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 65536 ] && cp -n "$f" "corpus/$t/" 2>/dev/null || true
  done
  # -rss_limit_mb and -timeout turn runaway memory and hangs into findings too.
  nice -n 15 "$bin/$t" "corpus/$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
    -max_len=16384 -artifact_prefix="artifacts/$t/" -print_final_stats=1 || status=$?
done
exit $status
