#!/usr/bin/env bash
# Measures postbind on real blog source trees (Hexo, Jekyll, Hugo): what a reader of the
# outputs would notice (titles, leftover template tags, images, language, epubcheck). Not a
# speed benchmark. The columns are explained under the table measure.py prints.
#
#   benches/realblogs/measure.sh [options] BLOGDIR...
#
#   -b BIN        postbind binary (default: target/debug/postbind, else target/release/postbind)
#   -w DIR        work folder for outputs and logs (default: a temporary folder, removed unless -k)
#   -k            keep the work folder
#   -j N          posts in parallel for postbind, and epubcheck JVMs (default 2)
#   -o FILE       also write the Markdown report to FILE
#   --no-book     skip `postbind book`
#   --no-pdf      convert to md,epub only
#   --no-epubcheck
#   TIMEOUT=S     seconds allowed per postbind command (default 1800)
#
# For each BLOGDIR it runs `postbind convert BLOGDIR -t md,epub,pdf -o OUT -j N` (without -q,
# because -q hides the per-post warnings; with stderr not a terminal there is no progress bar)
# and `postbind book BLOGDIR -o OUT/book.epub`, then runs epubcheck over every EPUB in one JVM
# per job (MultiCheck), and prints one Markdown table plus details per blog (measure.py).
# Needs python3 (standard library; it reads the EPUBs itself), pdftotext (poppler-utils), java +
# javac, /usr/share/java/epubcheck.jar (EPUBCHECK_JAR) and MultiCheck.java (MULTICHECK_SRC, default
# ../shared/tools/MultiCheck.java beside the repository). Blog sources are never written to.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
limit=${TIMEOUT:-1800}   # seconds per postbind command
bin=""; work=""; keep=0; jobs=2; out_file=""; do_book=1; do_pdf=1; do_check=1
blogs=()
while [ $# -gt 0 ]; do
  case "$1" in
    -b) bin=$2; shift 2 ;;
    -w) work=$2; keep=1; shift 2 ;;
    -k) keep=1; shift ;;
    -j) jobs=$2; shift 2 ;;
    -o) out_file=$2; shift 2 ;;
    --no-book) do_book=0; shift ;;
    --no-pdf) do_pdf=0; shift ;;
    --no-epubcheck) do_check=0; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) blogs+=("$1"); shift ;;
  esac
done
[ ${#blogs[@]} -gt 0 ] || { echo "usage: $0 [options] BLOGDIR..." >&2; exit 2; }
if [ -z "$bin" ]; then
  for c in "$repo/target/debug/postbind" "$repo/target/release/postbind"; do
    [ -x "$c" ] && { bin=$c; break; }
  done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "no postbind binary (use -b)" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if [ -z "$work" ]; then work=$(mktemp -d "${TMPDIR:-/tmp}/realblogs.XXXXXX"); fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
cleanup() { [ "$keep" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT

formats=md,epub,pdf
[ "$do_pdf" = 1 ] || formats=md,epub

names=()
for blog in "${blogs[@]}"; do
  blog=$(cd "$blog" && pwd)
  name=$(basename "$blog")
  for n in "${names[@]}"; do
    [ "$n" = "$name" ] && name=$(basename "$(dirname "$blog")")-$name
  done
  names+=("$name")
  o="$work/$name"
  rm -rf "$o"; mkdir -p "$o/conv"
  echo "$blog" > "$o/blogdir"
  echo "== $name: convert" >&2
  start=$(date +%s.%N)
  set +e
  timeout "$limit" "$bin" convert "$blog" -t "$formats" -o "$o/conv" -j "$jobs" 2> "$o/convert.stderr" > "$o/convert.stdout"
  echo $? > "$o/convert.rc"
  set -e
  end=$(date +%s.%N)
  python3 -c "print(round($end - $start, 1))" > "$o/convert.seconds"
  if [ "$do_book" = 1 ]; then
    echo "== $name: book" >&2
    start=$(date +%s.%N)
    set +e
    timeout "$limit" "$bin" book "$blog" -o "$o/book.epub" 2> "$o/book.stderr" > /dev/null
    echo $? > "$o/book.rc"
    set -e
    end=$(date +%s.%N)
    python3 -c "print(round($end - $start, 1))" > "$o/book.seconds"
  fi
done

if [ "$do_check" = 1 ]; then
  jar=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
  src=${MULTICHECK_SRC:-$repo/../shared/tools/MultiCheck.java}
  if [ -f "$jar" ] && [ -f "$src" ] && command -v javac >/dev/null; then
    mc="$work/.multicheck"
    mkdir -p "$mc"
    if [ ! -f "$mc/MultiCheck.class" ] || [ "$src" -nt "$mc/MultiCheck.class" ]; then
      cp "$src" "$mc/" && javac -cp "$jar" -d "$mc" "$mc/MultiCheck.java" || echo "javac MultiCheck failed" >&2
    fi
    : > "$work/epubs.list"
    for name in "${names[@]}"; do
      find "$work/$name" -name '*.epub' -type f | sort >> "$work/epubs.list"
    done
    total=$(wc -l < "$work/epubs.list")
    echo "== epubcheck: $total EPUBs in $jobs JVM(s)" >&2
    rm -f "$work"/epubs.part.* "$work"/epubcheck.out.*
    # round-robin split so each JVM gets a mix of blogs
    awk -v n="$jobs" -v d="$work" '{ print > (d "/epubs.part." (NR % n)) }' "$work/epubs.list"
    pids=()
    for part in "$work"/epubs.part.*; do
      [ -s "$part" ] || continue
      java -Xss8m -cp "$jar:$mc" MultiCheck "$part" > "${part/epubs.part/epubcheck.out}" 2>&1 &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    cat "$work"/epubcheck.out.* > "$work/epubcheck.out" 2>/dev/null || : > "$work/epubcheck.out"
  else
    echo "epubcheck skipped: need $jar, $src and javac" >&2
  fi
fi

echo "== analysing" >&2
args=(--bin "$bin" --jobs "$jobs" --json "$work/results.json")
[ -f "$work/epubcheck.out" ] && args+=(--epubcheck "$work/epubcheck.out")
report=$(python3 "$here/measure.py" "${args[@]}" "${names[@]/#/$work/}")
printf '%s\n' "$report"
if [ -n "$out_file" ]; then printf '%s\n' "$report" > "$out_file"; fi
[ "$keep" = 1 ] && echo "outputs kept in $work" >&2
exit 0
