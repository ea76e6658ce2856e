#!/usr/bin/env bash
# Start-up benchmark: wall time and peak memory (max RSS) of `press-ner extract` on one small
# article, i.e. the cost of building the extractor with all built-in dictionaries, plus the
# number of entries per dictionary list. Needs /usr/bin/time (Debian package `time`).
#
#   scripts/bench-startup.sh [RUNS]
# PRESS_NER=path/to/binary skips the build. scripts/bench.sh measures throughput and memory.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
if [ -n "${PRESS_NER:-}" ]; then
  bin=$PRESS_NER
else
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/press-ner"
fi
article=$(ls fixtures/articles/*.txt | head -n 1)
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "run  wall_s  max_rss_kb"
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %M" -o /tmp/press-ner-startup.$$ "$bin" extract "$article" >/dev/null
  echo "$i    $(cat /tmp/press-ner-startup.$$)"
done
rm -f /tmp/press-ner-startup.$$
echo
echo "entries per list:"
for f in dictionaries/*/*.tsv dictionaries/*/*.txt; do
  printf '  %-55s %6d\n' "$f" "$(grep -cv '^\(#\|$\)' "$f")"
done
