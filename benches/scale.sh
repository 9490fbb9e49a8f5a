#!/usr/bin/env bash
# Memory at scale: peak RSS and CPU (user+sys) of one `postbind book` per format over books of
# growing size, and of one `convert -t md` over many tiny posts, so the slope shows.
#
#   benches/scale.sh                       books of 1,000, 5,000 and 20,000 posts; 100,000 tiny posts
#   BOOKS="1000 50000" TINY=1000000 benches/scale.sh
#
# Environment: BOOKS (post counts), FORMATS (default "epub pdf"), TINY (tiny posts for
# Markdown; 0 skips), BIN (default target/release/postbind, built first unless NO_BUILD=1),
# WORK (default a temporary folder under /tmp, removed at the end unless KEEP=1; corpora
# already there are reused). A million tiny posts take about 4 GB of disk blocks, and their
# outputs as much again.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
BOOKS=${BOOKS:-"1000 5000 20000"}
FORMATS=${FORMATS:-"epub pdf"}
TINY=${TINY:-100000}
BIN=${BIN:-${CARGO_TARGET_DIR:-$REPO/target}/release/postbind}
if [[ -z ${NO_BUILD:-} ]]; then
    (cd "$REPO" && cargo build --release --quiet)
fi
WORK=${WORK:-$(mktemp -d /tmp/postbind-scale.XXXXXX)}
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT

# run LABEL CMD… — one line: label, peak RSS, CPU seconds and CPU ms per post.
run() {
    local label=$1 posts=$2
    shift 2
    /usr/bin/time -f "%M %U %S" -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err" ||
        { echo "$label: failed: $(tail -n 1 "$WORK/err")"; return; }
    read -r rss user sys < "$WORK/time"
    awk -v l="$label" -v r="$rss" -v u="$user" -v s="$sys" -v n="$posts" 'BEGIN {
        printf "%-28s peak RSS %7.1f MB   CPU %8.2f s   %7.3f ms/post\n", l, r / 1024, u + s, (u + s) * 1000 / n }'
}

echo "postbind $("$BIN" --version | cut -d' ' -f2) · $(nproc) cores · $(date -u +%Y-%m-%dT%H:%MZ)"
for n in $BOOKS; do
    [[ -d $WORK/posts-$n ]] || python3 "$HERE/gen_corpus.py" "$n" "$WORK/posts-$n" > /dev/null
    for fmt in $FORMATS; do
        run "book $n posts → $fmt" "$n" "$BIN" book "$WORK/posts-$n" -o "$WORK/book.$fmt" -q
        rm -f "$WORK/book.$fmt"
    done
done
if ((TINY > 0)); then
    [[ -d $WORK/tiny-$TINY ]] || python3 "$HERE/gen_tiny.py" "$TINY" "$WORK/tiny-$TINY"
    run "convert $TINY tiny → md" "$TINY" "$BIN" convert "$WORK/tiny-$TINY" -t md -o "$WORK/md" -q
    rm -rf "$WORK/md"
fi
