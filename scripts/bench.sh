#!/usr/bin/env bash
# End-to-end throughput and memory benchmark of `press-ner extract` (issue 6): builds a corpus of
# at least 200 MB (and one of 50 MB) by repeating fixtures/articles and, when present,
# ../shared/corpus into a temp dir as many files (hard links of one seed copy), then reports
# wall time, MB/s and peak RSS (/usr/bin/time -v) at --jobs 1 and --jobs 2, peak RSS at 50 MB vs
# 200 MB, and the process time of `press-ner extract` on one small article. Prints a Markdown
# table for the README's Performance section. Needs /usr/bin/time (Debian package `time`).
#
#   scripts/bench.sh [--size MB] [--small-size MB] [--runs N] [--repeat N] [--verify] [--keep]
#     --size MB        big corpus size (default 200)
#     --small-size MB  small corpus size for the RSS comparison (default 50)
#     --runs N         runs of the single-article start-up measurement (default 10)
#     --repeat N       runs of each corpus measurement; the median wall time and the largest
#                      peak RSS are reported (default 1; on a shared or virtual machine, 5)
#     --verify         also check that --jobs 1 and --jobs 2 give byte-identical output
#     --keep           keep the temp dir (its path is printed)
# Environment: PRESS_NER=path/to/binary skips the build; TMPDIR chooses where the corpus goes.
set -euo pipefail
cd "$(dirname "$0")/.."

size=200 small=50 runs=10 repeat=1 verify=0 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --small-size) small=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --verify) verify=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

if [ -n "${PRESS_NER:-}" ]; then
  bin=$PRESS_NER
else
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/press-ner"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/press-ner-bench.XXXXXX")
if [ "$keep" = 1 ]; then echo "temp dir: $tmp" >&2; else trap 'rm -rf "$tmp"' EXIT; fi

# One seed copy of every input article (.txt only: the shared corpus also holds gold .json).
mkdir -p "$tmp/seed/fixtures"
cp fixtures/articles/*.txt "$tmp/seed/fixtures/"
sources="fixtures/articles"
if [ -d ../shared/corpus ]; then
  mkdir -p "$tmp/seed/shared"
  (cd ../shared/corpus && find . -name '*.txt' -exec cp --parents -t "$tmp/seed/shared" {} +)
  sources="$sources + ../shared/corpus"
fi
bytes_of() { find "$1" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
seed_bytes=$(bytes_of "$tmp/seed")
seed_files=$(find "$tmp/seed" -type f -name '*.txt' | wc -l)

# A corpus of at least $2 MB in dir $1: repetitions r00001, r00002, ... of the seed.
make_corpus() {
  local dir=$1 mb=$2 reps i
  reps=$(( (mb * 1000000 + seed_bytes - 1) / seed_bytes ))
  mkdir -p "$dir"
  for i in $(seq -f '%05g' 1 "$reps"); do
    cp -rl "$tmp/seed" "$dir/r$i" 2>/dev/null || cp -r "$tmp/seed" "$dir/r$i"
  done
}
make_corpus "$tmp/big" "$size"
make_corpus "$tmp/small" "$small"
big_bytes=$(bytes_of "$tmp/big") small_bytes=$(bytes_of "$tmp/small")
big_files=$(find "$tmp/big" -type f -name '*.txt' | wc -l)
small_files=$(find "$tmp/small" -type f -name '*.txt' | wc -l)

# run NAME DIR JOBS: wall seconds (median of $repeat runs) and peak RSS (KB, the largest) of
# an extraction, output discarded.
declare -A wall rss
run() {
  local name=$1 dir=$2 jobs=$3 log="$tmp/time.$1" walls=() peak=0 w r
  # Warm the page cache so every run reads from memory.
  find "$dir" -type f -name '*.txt' -print0 | xargs -0 cat >/dev/null
  for _ in $(seq 1 "$repeat"); do
    /usr/bin/time -v -o "$log" "$bin" extract --quiet --jobs "$jobs" "$dir" >/dev/null
    w=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    walls+=("$w")
    [ "$r" -gt "$peak" ] && peak=$r
  done
  wall[$name]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  rss[$name]=$peak
}
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? b / 1e6 / s : 0) }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "machine: $(nproc) cores, $(uname -m), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM" >&2
echo "binary: $bin ($(git describe --always --dirty 2>/dev/null || echo unknown))" >&2
echo "corpus: $sources, seed $seed_files files / $(mbps "$seed_bytes" 1) MB;" \
  "big $big_files files / $(mbps "$big_bytes" 1) MB; small $small_files files / $(mbps "$small_bytes" 1) MB" >&2

run big1 "$tmp/big" 1
echo "  big, --jobs 1: ${wall[big1]} s" >&2
run big2 "$tmp/big" 2
echo "  big, --jobs 2: ${wall[big2]} s" >&2
run small2 "$tmp/small" 2
echo "  small, --jobs 2: ${wall[small2]} s" >&2

# Start-up: one small article, process start to exit, $runs times (median and min).
article=$(ls -S fixtures/articles/*.txt | tail -n 1)
times=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  "$bin" extract --quiet "$article" >/dev/null
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
start_min=$(echo "$sorted" | head -n 1)
start_med=$(echo "$sorted" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
/usr/bin/time -v -o "$tmp/time.start" "$bin" extract --quiet "$article" >/dev/null
start_rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.start")

speedup=$(awk -v a="${wall[big1]}" -v b="${wall[big2]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
cat <<EOF

| measurement | value |
| --- | --- |
| corpus | $(mbps "$big_bytes" 1) MB, $big_files files ($sources, repeated) |
| --jobs 1: wall time, throughput (median of $repeat) | ${wall[big1]} s, $(mbps "$big_bytes" "${wall[big1]}") MB/s |
| --jobs 2: wall time, throughput (median of $repeat) | ${wall[big2]} s, $(mbps "$big_bytes" "${wall[big2]}") MB/s (${speedup}x --jobs 1) |
| peak RSS, --jobs 1 / --jobs 2 ($(mbps "$big_bytes" 1) MB) | $(mb "${rss[big1]}") MB / $(mb "${rss[big2]}") MB |
| peak RSS, --jobs 2, $(mbps "$small_bytes" 1) MB vs $(mbps "$big_bytes" 1) MB | $(mb "${rss[small2]}") MB vs $(mb "${rss[big2]}") MB |
| one small article ($(wc -c <"$article") bytes), process start to exit | median ${start_med} ms, min ${start_min} ms ($runs runs), peak RSS $(mb "$start_rss") MB |
EOF

if [ "$verify" = 1 ]; then
  a=$("$bin" extract --quiet --jobs 1 "$tmp/big" | sha256sum | cut -d' ' -f1)
  b=$("$bin" extract --quiet --jobs 2 "$tmp/big" | sha256sum | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then
    echo "verify: --jobs 1 and --jobs 2 outputs are byte-identical ($a)"
  else
    echo "verify: OUTPUTS DIFFER between --jobs 1 ($a) and --jobs 2 ($b)"
    exit 1
  fi
fi
