#!/usr/bin/env bash
# postbind against pandoc and weasyprint over the same generated posts, in one run.
#
#   benches/compare.sh [N]            N posts (default 1000)
#
# Environment:
#   PANDOC_MD_N    posts pandoc converts to gfm      (default min(N, 1000))
#   PANDOC_EPUB_N  posts pandoc converts to EPUB     (default min(N, 50); ~0.5 s a post)
#   WEASY_N        posts weasyprint converts to PDF  (default min(N, 20))
#   JOBS           parallel processes for pandoc and weasyprint (default: cores)
#   CJK_FONT       TTF/OTF embedded by pandoc and used by weasyprint (default: postbind's
#                  fonts/NotoSansSC-Regular.ttf, else a system CJK font)
#   OUT_MD         also write the table as Markdown to this file
#   KEEP=1         keep the work folder (corpus and outputs) and print its path
#   NO_BUILD=1     use target/release/postbind as it is
#   SKIP_OTHERS=1  postbind only (for memory runs at large N)
#   RUNS           which postbind runs, of: md epub pdf all book-epub book-pdf (default: all six)
#
# Rates are per post, so tools run on different sample sizes still compare; ratios are
# postbind's posts/s over the other tool's. Peak RSS is the largest single process
# (/usr/bin/time -v of the batch command; for pandoc and weasyprint, the largest of their
# processes), not the sum of concurrent ones.
set -euo pipefail

N=${1:-1000}
min() { if (($1 < $2)); then echo "$1"; else echo "$2"; fi; }
PANDOC_MD_N=${PANDOC_MD_N:-$(min "$N" 1000)}
PANDOC_EPUB_N=${PANDOC_EPUB_N:-$(min "$N" 50)}
WEASY_N=${WEASY_N:-$(min "$N" 20)}
JOBS=${JOBS:-$(nproc)}
RUNS=" ${RUNS:-md epub pdf all book-epub book-pdf} "

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
BIN=$REPO/target/release/postbind

if [[ ! -x /usr/bin/time ]]; then
    echo "compare.sh: needs GNU time for peak RSS (apt-get install -y time)" >&2
    exit 2
fi
if [[ -z ${NO_BUILD:-} ]]; then
    (cd "$REPO" && cargo build --release --quiet)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/postbind-compare.XXXXXX")
if [[ -n ${KEEP:-} ]]; then
    echo "work folder: $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi

echo "generating $N posts…" >&2
if [[ -n ${SKIP_OTHERS:-} ]]; then
    python3 "$HERE/gen_corpus.py" "$N" "$WORK/posts"
else
    python3 "$HERE/gen_corpus.py" "$N" "$WORK/posts" --html "$WORK/html"
    # Sorted so every sample is the same first K posts of the corpus.
    (cd "$WORK/html" && find . -name '*.html' | sort) > "$WORK/html.list"
fi

find_font() {
    local f
    for f in "${CJK_FONT:-}" "$REPO/fonts/NotoSansSC-Regular.ttf" \
        /usr/share/fonts/truetype/noto/NotoSansCJK*-Regular.tt? \
        /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.tt?; do
        [[ -n $f && -f $f ]] && { echo "$f"; return; }
    done
    fc-list -f '%{file}\n' :lang=zh 2>/dev/null | grep -iE '\.(ttf|otf)$' | awk 'NR == 1'
}
FONT=$(find_font)

# One table row per measurement, tab-separated:
# tool format posts wall_s posts_per_s rss_mb out_mb mean_kb note
ROWS=$WORK/rows.tsv
: > "$ROWS"

now() { date +%s.%N; }

# measure TOOL FORMAT POSTS OUTDIR EXTS CMD… — runs CMD under /usr/bin/time, then records a row
# from the outputs found in OUTDIR with the extensions EXTS (comma-separated): posts done is
# their count over the number of extensions, sizes are of them all.
measure() {
    local tool=$1 format=$2 posts=$3 outdir=$4 ext=$5
    shift 5
    mkdir -p "$outdir"
    local start end status=0
    start=$(now)
    /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/cmd.log" 2>&1 || status=$?
    end=$(now)
    local rss_kb count bytes
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    local pattern="\.(${ext//,/|})\$" kinds=$(($(tr -cd , <<< "$ext" | wc -c) + 1))
    count=$(($(find "$outdir" -type f | grep -cE "$pattern" || true) / kinds))
    # A book is one file holding every post.
    if [[ $format == book* ]] && ((count == 1)); then count=$posts; fi
    bytes=$(find "$outdir" -type f -printf '%p\t%s\n' | grep -E "${pattern%\$}\s" |
        awk -F'\t' '{s += $2} END {print s + 0}')
    local note=""
    if ((status != 0)); then
        note="exit $status: $(grep -v '^\s*$' "$WORK/cmd.log" | tail -n 1 | sed 's/.*: //' | cut -c1-80)"
    fi
    if ((count != posts)); then
        note="${note:+$note; }$count of $posts outputs"
    fi
    awk -v tool="$tool" -v fmt="$format" -v posts="$posts" -v s="$start" -v e="$end" \
        -v rss="${rss_kb:-0}" -v count="$count" -v bytes="$bytes" -v note="$note" 'BEGIN {
            wall = e - s
            printf "%s\t%s\t%d\t%.2f\t%.1f\t%.0f\t%.1f\t%.1f\t%s\n", tool, fmt, posts, wall,
                (wall > 0 ? count / wall : 0), rss / 1024, bytes / 1048576,
                (count > 0 ? bytes / count / 1024 : 0), note
        }' >> "$ROWS"
    rm -rf "$outdir"
}

na() { printf '%s\t%s\t%d\tn/a\tn/a\tn/a\tn/a\tn/a\t%s\n' "$1" "$2" "$3" "$4" >> "$ROWS"; }

# postbind: one batch command per format set, all cores.
one_post=$(find "$WORK/posts" -type f -name '*.txt' | sort | awk 'NR == 1')
supported=()
wanted() { [[ $RUNS == *" $1 "* ]]; }
for fmt in md epub pdf; do
    if "$BIN" convert "$one_post" -t "$fmt" -o "$WORK/probe.$fmt" -q > "$WORK/probe.log" 2>&1; then
        supported+=("$fmt")
        if wanted "$fmt"; then
            echo "postbind → $fmt…" >&2
            measure postbind "$fmt" "$N" "$WORK/out" "$fmt" \
                "$BIN" convert "$WORK/posts" -t "$fmt" -o "$WORK/out" -q
        fi
    elif wanted "$fmt"; then
        # "error: PATH: cannot write EPUB: EPUB output is not built into this version…"
        na postbind "$fmt" "$N" "$(head -n 1 "$WORK/probe.log" | sed 's/.*: //' | cut -c1-80)"
    fi
done
if ! wanted all; then
    :
elif ((${#supported[@]} == 3)); then
    echo "postbind → md,epub,pdf…" >&2
    measure postbind "md+epub+pdf" "$N" "$WORK/out" md,epub,pdf \
        "$BIN" convert "$WORK/posts" -t md,epub,pdf -o "$WORK/out" -q
else
    na postbind "md+epub+pdf" "$N" "needs all three formats"
fi
for fmt in epub pdf; do
    if ! wanted "book-$fmt"; then
        continue
    elif "$BIN" book "$one_post" -t "$fmt" -o "$WORK/probe-book.$fmt" -q > "$WORK/probe.log" 2>&1; then
        echo "postbind book → $fmt…" >&2
        measure postbind "book $fmt" "$N" "$WORK/out" "$fmt" \
            "$BIN" book "$WORK/posts" -t "$fmt" -o "$WORK/out/book.$fmt" -q
    else
        na postbind "book $fmt" "$N" "$(head -n 1 "$WORK/probe.log" | sed 's/.*: //' | cut -c1-80)"
    fi
done

# The others: one process per post, JOBS at a time, as a user would script it.
sample_list() { head -n "$1" "$WORK/html.list"; }
if [[ -z ${SKIP_OTHERS:-} ]] && command -v pandoc > /dev/null; then
    echo "pandoc → gfm ($PANDOC_MD_N posts)…" >&2
    sample_list "$PANDOC_MD_N" > "$WORK/list"
    export WORK
    measure pandoc md "$PANDOC_MD_N" "$WORK/out" md \
        sh -c 'cd "$WORK/html" && xargs -P "$1" -n 1 sh -c '\''pandoc -f html -t gfm "$1" -o "$WORK/out/$(basename "$1" .html).md"'\'' _ < "$WORK/list"' _ "$JOBS"
    if [[ -n $FONT ]]; then
        echo "pandoc → epub ($PANDOC_EPUB_N posts, font $FONT)…" >&2
        sample_list "$PANDOC_EPUB_N" > "$WORK/list"
        family=$(basename "${FONT%.*}")
        printf '@font-face { font-family: "%s"; src: url("../fonts/%s"); }\nbody { font-family: "%s", sans-serif; }\n' \
            "$family" "$(basename "$FONT")" "$family" > "$WORK/epub.css"
        export FONT
        measure pandoc epub "$PANDOC_EPUB_N" "$WORK/out" epub \
            sh -c 'cd "$WORK/html" && xargs -P "$1" -n 1 sh -c '\''pandoc -f html -t epub3 --epub-embed-font="$FONT" --css "$WORK/epub.css" "$1" -o "$WORK/out/$(basename "$1" .html).epub"'\'' _ < "$WORK/list"' _ "$JOBS"
    else
        na pandoc epub "$PANDOC_EPUB_N" "no CJK font found (set CJK_FONT)"
    fi
elif [[ -z ${SKIP_OTHERS:-} ]]; then
    na pandoc md "$PANDOC_MD_N" "pandoc not installed"
    na pandoc epub "$PANDOC_EPUB_N" "pandoc not installed"
fi
if [[ -z ${SKIP_OTHERS:-} ]] && command -v weasyprint > /dev/null; then
    echo "weasyprint → pdf ($WEASY_N posts)…" >&2
    sample_list "$WEASY_N" > "$WORK/list"
    if [[ -n $FONT ]]; then
        printf '@font-face { font-family: "CJK"; src: url("file://%s"); }\nbody { font-family: "CJK", sans-serif; }\n' \
            "$FONT" > "$WORK/print.css"
    else
        : > "$WORK/print.css"
    fi
    measure weasyprint pdf "$WEASY_N" "$WORK/out" pdf \
        sh -c 'cd "$WORK/html" && xargs -P "$1" -n 1 sh -c '\''weasyprint -q -s "$WORK/print.css" "$1" "$WORK/out/$(basename "$1" .html).pdf"'\'' _ < "$WORK/list"' _ "$JOBS"
elif [[ -z ${SKIP_OTHERS:-} ]]; then
    na weasyprint pdf "$WEASY_N" "weasyprint not installed (apt-get install -y weasyprint)"
fi

# Ratios of per-post throughput, postbind over the other tool.
rate() { awk -F'\t' -v t="$1" -v f="$2" '$1 == t && $2 == f && $5 != "n/a" {print $5}' "$ROWS"; }
ratio() {
    local a b
    a=$(rate postbind "$1")
    b=$(rate "$2" "$3")
    if [[ -n $a && -n $b ]]; then
        awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "n/a" }'
    else
        echo "n/a"
    fi
}

{
    echo "postbind $("$BIN" --version | awk '{print $2}') · $N posts ($(du -sb "$WORK/posts" | awk '{printf "%.1f MB", $1 / 1048576}')) · $(nproc) cores · load $(cut -d' ' -f1-3 /proc/loadavg) · $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "| tool | format | posts | wall s | posts/s | peak RSS MB | output MB | mean KB | note |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$ROWS"
    echo
    echo "| ratio (posts/s) | measured | target |"
    echo "|---|---:|---:|"
    echo "| postbind md / pandoc gfm | $(ratio md pandoc md) | ≥ 50× |"
    echo "| postbind epub / pandoc epub | $(ratio epub pandoc epub) | ≥ 20× |"
    echo "| postbind pdf / weasyprint | $(ratio pdf weasyprint pdf) | ≥ 20× |"
} > "$WORK/table.md"

cat "$WORK/table.md"
if [[ -n ${OUT_MD:-} ]]; then
    cp "$WORK/table.md" "$OUT_MD"
fi
