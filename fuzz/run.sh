#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), nice'd, seeded from fixtures/.
# Crashes land in fuzz/artifacts/<target>/; copy them to fixtures/hostile/fuzz/ so
# tests/hostile.rs replays them.
#   fuzz/run.sh [--ci] [SECONDS] [TARGET...]
# --ci is CI's short run: the cheap `fuzz-ci` build (see build.sh), a fresh corpus of only the
# seeds, libFuzzer's chatter kept in a log, and every crashing input named by its path.
# Exits non-zero when a target crashed, hung or ran out of memory.
set -euo pipefail
cd "$(dirname "$0")"
ci=
if [ "${1:-}" = --ci ]; then
  ci=1
  shift
fi
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter html_markdown html_writers)
if [ -n "$ci" ]; then
  ./build.sh --ci -q
  bin=target/x86_64-unknown-linux-gnu/fuzz-ci
  # A corpus kept from earlier local runs would make CI's run depend on the machine.
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
else
  ./build.sh -q
  bin=target/x86_64-unknown-linux-gnu/release
  corpus=corpus
fi
status=0
for t in "${targets[@]}"; do
  mkdir -p "$corpus/$t" "artifacts/$t"
  for f in ../fixtures/*.md ../fixtures/*.html ../fixtures/*.txt ../fixtures/hostile/*.md \
           ../fixtures/hostile/*.html ../fixtures/hostile/fuzz/*; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 65536 ] && cp -n "$f" "$corpus/$t/" 2>/dev/null || true
  done
  # -rss_limit_mb and -timeout turn runaway memory and hangs into findings too.
  args=("$corpus/$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=16384
        -artifact_prefix="artifacts/$t/" -print_final_stats=1)
  if [ -z "$ci" ]; then
    nice -n 15 "$bin/$t" "${args[@]}" || status=$?
    continue
  fi
  before=$(ls "artifacts/$t")
  log=artifacts/$t.log
  rc=0
  start=$SECONDS
  nice -n 10 "$bin/$t" "${args[@]}" >"$log" 2>&1 || rc=$?
  stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb):' "$log" |
            sed 's/^stat:://' | tr -s ' \n' ' ')
  echo "fuzz $t: exit $rc after $((SECONDS - start)) s; $stats"
  if [ "$rc" -ne 0 ]; then
    status=1
    # The report (panic message and stack) is at the end of the log, after progress lines.
    grep -vE '^#[0-9]+[[:space:]]' "$log" | tail -n 40
    found=0
    for a in $(ls "artifacts/$t"); do
      if ! grep -qxF "$a" <<<"$before"; then
        echo "fuzz $t crashed on fuzz/artifacts/$t/$a (replay: fuzz/$bin/$t fuzz/artifacts/$t/$a;" \
             "keep it in fixtures/hostile/fuzz/)"
        found=1
      fi
    done
    [ "$found" = 1 ] || echo "fuzz $t failed without writing an input; the full log is fuzz/$log"
  fi
done
exit $status
