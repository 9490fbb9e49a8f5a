#!/usr/bin/env bash
# The regression gate: CPU time per post (user+sys, never wall: the machine is shared) for each
# format over N sample-shaped posts, pandoc and WeasyPrint in the same run when installed, and
# callgrind instruction counts per post for each format. Rows are appended to
# benches/results/gate.csv, and each is compared with the last row of the same label, tool and
# format, so a slowdown shows up.
#
#   benches/gate.sh [LABEL]                   LABEL names the row (default: the commit)
#
# Environment:
#   N              posts for CPU time (default 1000)
#   CALLGRIND_N    posts run under callgrind per format (default 20; 0 skips callgrind)
#   PEER_N         posts pandoc and weasyprint convert, one process each (default 20)
#   BIN            the postbind to measure (default: target/release/postbind, built first
#                  unless NO_BUILD=1)
#   FLOOR          the floor program (default: target/release/examples/md_floor, built with
#                  postbind): reads each post, parses its body with html5ever and writes a file
#                  of the same size through a renamed temporary file; its row is tool "floor"
#   CSV            where rows go (default benches/results/gate.csv)
#   COMPARE_WITH   the label to compare with (default: the last earlier row)
#
# Columns: label,commit,tool,format,posts,cpu_ms_per_post,user_s,sys_s,peak_rss_mb,
# instr_per_post (callgrind, whole process over CALLGRIND_N posts, start-up included; blank
# when not measured), note.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
N=${N:-1000}
CALLGRIND_N=${CALLGRIND_N:-20}
PEER_N=${PEER_N:-20}
CSV=${CSV:-$HERE/results/gate.csv}
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    COMMIT="$COMMIT+dirty"
fi
LABEL=${1:-$COMMIT}
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
BIN=${BIN:-$TARGET/release/postbind}
FLOOR=${FLOOR:-$TARGET/release/examples/md_floor}

if [[ -z ${NO_BUILD:-} && $BIN == "$TARGET/release/postbind" ]]; then
    (cd "$REPO" && cargo build --release --quiet && cargo build --release --quiet --example md_floor)
fi

if [[ ! -x /usr/bin/time ]]; then
    echo "gate.sh: needs GNU time (apt-get install -y time)" >&2
    exit 2
fi
# Posts and outputs on tmpfs where there is one: on ext4, the system time of writing 1,000
# small files after a large deletion varies by more than a Markdown run's whole CPU.
SCRATCH=/tmp
[[ -d /dev/shm && -w /dev/shm ]] && SCRATCH=/dev/shm
WORK=$(mktemp -d "${TMPDIR:-$SCRATCH}/postbind-gate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "generating $N posts…" >&2
python3 "$HERE/gen_corpus.py" "$N" "$WORK/posts" --html "$WORK/html" > /dev/null
mkdir -p "$WORK/cg"
# The first CALLGRIND_N posts, in one folder, for callgrind.
find "$WORK/posts" -type f -name '*.txt' | sort | awk -v n="$CALLGRIND_N" 'NR <= n' |
    while read -r f; do cp "$f" "$WORK/cg/$(basename "$(dirname "$f")")-$(basename "$f")"; done

ROWS=$WORK/rows.csv
: > "$ROWS"

# CPU from wait4, in microseconds (GNU time prints hundredths of a second, 7% of a Markdown
# run of 1,000 posts); peak RSS from GNU time, which, unlike a child of Python, does not start
# with Python's pages. Prints "user sys rss_kb status".
RUSAGE='
import os, subprocess, sys
rss_file, cmd = sys.argv[1], sys.argv[2:]
with open(os.environ["CMD_LOG"], "w") as log:
    child = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file, *cmd],
                             stdout=log, stderr=subprocess.STDOUT)
    _, status, ru = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
with open(rss_file) as f:
    rss = f.read().split()[-1]
print(f"{ru.ru_utime:.6f} {ru.ru_stime:.6f} {rss} {child.returncode}")
'

# cpu TOOL FORMAT POSTS CMD… — runs CMD, measured as above; one row.
cpu() {
    local tool=$1 format=$2 posts=$3
    shift 3
    local u s r status note=""
    read -r u s r status < <(CMD_LOG="$WORK/cmd.log" python3 -c "$RUSAGE" "$WORK/rss.txt" "$@")
    if ((status != 0)); then
        note="exit $status: $(tail -n 1 "$WORK/cmd.log" | tr ',' ';' | cut -c1-80)"
    fi
    awk -v u="$u" -v s="$s" -v r="$r" -v tool="$tool" -v fmt="$format" -v posts="$posts" \
        -v label="$LABEL" -v commit="$COMMIT" -v note="$note" \
        'BEGIN { printf "%s,%s,%s,%s,%d,%.3f,%.3f,%.3f,%.0f,,%s\n", label, commit, tool, fmt,
                 posts, (u + s) * 1000 / posts, u, s, r / 1024, note }' >> "$ROWS"
}

# instr FORMAT — callgrind over the CALLGRIND_N posts, one thread; adds to FORMAT's row.
instr() {
    local fmt=$1 out=$WORK/cg-out
    rm -rf "$out"
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
        "$BIN" convert "$WORK/cg" -t "$fmt" -o "$out" -q -j 1 > /dev/null 2>&1 || true
    local total
    total=$(awk '/^(summary|totals):/ {print $2; exit}' "$WORK/callgrind.out" 2>/dev/null || true)
    if [[ -n $total ]]; then
        local per=$((total / CALLGRIND_N))
        # Fill the instruction column of this format's postbind row.
        awk -F, -v OFS=, -v fmt="$fmt" -v per="$per" \
            '$3 == "postbind" && $4 == fmt { $10 = per } { print }' "$ROWS" > "$ROWS.new"
        mv "$ROWS.new" "$ROWS"
    fi
}

# Outputs stay until the end: ext4 creates files slowly right after many were deleted (it
# skips recently freed inodes), which raised the next format's system time two- to fourfold.
for fmt in md epub pdf; do
    echo "postbind → $fmt…" >&2
    cpu postbind "$fmt" "$N" "$BIN" convert "$WORK/posts" -t "$fmt" -o "$WORK/out-$fmt" -q
done
echo "postbind → md,epub,pdf…" >&2
cpu postbind all "$N" "$BIN" convert "$WORK/posts" -t md,epub,pdf -o "$WORK/out-all" -q
if [[ -x $FLOOR ]]; then
    echo "floor → md…" >&2
    cpu floor md "$N" "$FLOOR" "$WORK/posts" "$WORK/out-floor"
fi

if ((CALLGRIND_N > 0)); then
    if command -v valgrind > /dev/null; then
        for fmt in md epub pdf; do
            echo "callgrind → $fmt ($CALLGRIND_N posts)…" >&2
            instr "$fmt"
        done
    else
        echo "valgrind: not installed (apt-get install -y valgrind); no instruction counts" >&2
    fi
fi

# Peers: one process per post, on the first PEER_N posts, in this same run.
(cd "$WORK/html" && find . -name '*.html' | sort | awk -v n="$PEER_N" 'NR <= n') > "$WORK/peer.list"
PEERS=$(wc -l < "$WORK/peer.list")
# A peer's row without figures, saying why.
unmeasured() {
    echo "$1: $3; its rows say so" >&2
    echo "$LABEL,$COMMIT,$1,$2,0,,,,,,$3" >> "$ROWS"
}
not_installed() { unmeasured "$1" "$2" "not installed"; }
if (( PEERS == 0 )); then
    for row in "pandoc md" "pandoc epub" "weasyprint pdf"; do
        # shellcheck disable=SC2086 # two words: the tool and the format
        unmeasured $row "not run (PEER_N=0)"
    done
elif command -v pandoc > /dev/null; then
    echo "pandoc → gfm, epub3 ($PEERS posts)…" >&2
    mkdir -p "$WORK/pandoc"
    cpu pandoc md "$PEERS" bash -c 'cd "$0" && while read -r f; do
        pandoc -f html -t gfm "$f" -o "$1/$(echo "$f" | tr / _).md"; done < "$2"' \
        "$WORK/html" "$WORK/pandoc" "$WORK/peer.list"
    cpu pandoc epub "$PEERS" bash -c 'cd "$0" && while read -r f; do
        pandoc -f html -t epub3 "$f" -o "$1/$(echo "$f" | tr / _).epub"; done < "$2"' \
        "$WORK/html" "$WORK/pandoc" "$WORK/peer.list"
else
    not_installed pandoc md
    not_installed pandoc epub
fi
if (( PEERS == 0 )); then
    :
elif command -v weasyprint > /dev/null; then
    echo "weasyprint → pdf ($PEERS posts)…" >&2
    mkdir -p "$WORK/weasy"
    cpu weasyprint pdf "$PEERS" bash -c 'cd "$0" && while read -r f; do
        weasyprint "$f" "$1/$(echo "$f" | tr / _).pdf"; done < "$2"' \
        "$WORK/html" "$WORK/weasy" "$WORK/peer.list"
else
    not_installed weasyprint pdf
fi

mkdir -p "$(dirname "$CSV")"
HEADER="label,commit,tool,format,posts,cpu_ms_per_post,user_s,sys_s,peak_rss_mb,instr_per_post,note"
[[ -s $CSV ]] || echo "$HEADER" > "$CSV"
PREVIOUS=$WORK/previous.csv
if [[ -n ${COMPARE_WITH:-} ]]; then
    awk -F, -v l="$COMPARE_WITH" 'NR > 1 && $1 == l' "$CSV" > "$PREVIOUS"
else
    # The last earlier label's rows.
    last=$(awk -F, 'NR > 1 { l = $1 } END { print l }' "$CSV")
    awk -F, -v l="$last" 'NR > 1 && $1 == l' "$CSV" > "$PREVIOUS"
fi
cat "$ROWS" >> "$CSV"

echo
echo "$HEADER" | tr , '\t'
tr , '\t' < "$ROWS"
if [[ -s $PREVIOUS ]]; then
    echo
    echo "against $(head -n 1 "$PREVIOUS" | cut -d, -f1) (ratio new/old; instructions above 1.05 or CPU above 1.15 are flagged):"
    awk -F, 'NR == FNR { cpu[$3 "," $4] = $6; ins[$3 "," $4] = $10; next }
        { k = $3 "," $4
          c = (cpu[k] > 0 && $6 > 0) ? $6 / cpu[k] : 0
          i = (ins[k] > 0 && $10 > 0) ? $10 / ins[k] : 0
          flag = (i > 1.05 || c > 1.15) ? "  SLOWER" : ""
          printf "  %-10s %-5s cpu %s  instructions %s%s\n", $3, $4,
              c ? sprintf("%.2f", c) : "-", i ? sprintf("%.3f", i) : "-", flag }' \
        "$PREVIOUS" "$ROWS"
fi
echo "rows appended to $CSV" >&2
