#!/usr/bin/env bash
# Pathological inputs (issue 7): times `press-ner extract` on each kind of pathological article
# at a size and at twice that size and prints the ratio of the two times, startup subtracted.
# A ratio near 2 means time linear in size; near 4, quadratic. tests/robustness.rs runs the
# same kinds at small sizes (that they complete); this script is the growth measurement.
#
#   scripts/pathological.sh            # builds the release binary first
#   PRESS_NER=path/to/press-ner scripts/pathological.sh
#   SCALE=0.5 scripts/pathological.sh  # smaller sizes (a quicker look)
#
# Kinds: a single-line file of 25 and 50 MB; 100,000 and 200,000 dates in a row; a line of
# 500,000 and 1,000,000 capitalized words; a dictionary term repeated 50,000 and 100,000
# times in one comma-separated line; and the same term repeated in one line separated by
# spaces only (5,000 and 10,000 times), which reads as one long organization name (the
# organization rule's modifier scan is capped, so this stays linear too).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${PRESS_NER:-}" ]]; then
  cargo build --release --quiet
  PRESS_NER=target/release/press-ner
fi
SCALE="${SCALE:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

scaled() { awk -v n="$1" -v s="$SCALE" 'BEGIN { printf "%d", n * s }'; }

# seconds (best of 3) for one run over FILE
seconds() {
  local best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$work/t" "$PRESS_NER" extract --quiet "$1" > /dev/null
    local t
    t="$(cat "$work/t")"
    best="$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')"
  done
  echo "$best"
}

# (generators run in subshells without pipefail: they end `yes` with SIGPIPE on purpose)
gen_line() ( # BYTES: one line of ordinary words
  set +o pipefail
  printf 'Headline\n' > "$2"
  yes "the minister met officials in Beijing on May 8 and discussed cooperation with the Ministry of Foreign Affairs" \
    | tr '\n' ' ' | head -c "$1" >> "$2"
  printf '\n' >> "$2"
)
gen_dates() ( # COUNT dates in a row
  set +o pipefail
  printf 'Dates\n' > "$2"
  yes 'May 8, 2024' | head -n "$1" | tr '\n' ' ' >> "$2"
  printf '\n' >> "$2"
)
gen_caps() ( # COUNT capitalized words in one line
  printf 'Caps\n' > "$2"
  awk -v n="$1" 'BEGIN {
    split("Alpha Beta Gamma Delta Zhang Wei Li Minister Office Ministry", w, " ");
    srand(1); for (i = 0; i < n; i++) printf "%s ", w[int(rand() * 10) + 1]; print "" }' >> "$2"
)
gen_list() ( # COUNT dictionary terms, comma-separated, one line
  set +o pipefail
  printf 'Dict\n' > "$2"
  yes "Ministry of Foreign Affairs of the People's Republic of China," | head -n "$1" | tr '\n' ' ' >> "$2"
  printf '\n' >> "$2"
)
gen_runon() ( # COUNT dictionary terms separated by spaces only, one line
  set +o pipefail
  printf 'Dict\n' > "$2"
  yes "Ministry of Foreign Affairs of the People's Republic of China" | head -n "$1" | tr '\n' ' ' >> "$2"
  printf '\n' >> "$2"
)

printf 'Startup\n\nNothing here.\n' > "$work/startup.txt"
startup="$(seconds "$work/startup.txt")"
echo "binary: $PRESS_NER   startup: ${startup}s (subtracted below)"
printf '%-34s %12s %9s %12s %9s %7s\n' kind size1 time1 size2 time2 ratio

measure() { # KIND GENERATOR SIZE
  local n1 n2 f1="$work/1.txt" f2="$work/2.txt"
  n1="$(scaled "$3")"
  n2=$((n1 * 2))
  "$2" "$n1" "$f1"
  "$2" "$n2" "$f2"
  local t1 t2
  t1="$(seconds "$f1")"
  t2="$(seconds "$f2")"
  awk -v k="$1" -v n1="$n1" -v n2="$n2" -v t1="$t1" -v t2="$t2" -v s="$startup" 'BEGIN {
    a = t1 - s; b = t2 - s; if (a < 0.01) a = 0.01; if (b < 0.01) b = 0.01;
    printf "%-34s %12d %8.2fs %12d %8.2fs %7.2f\n", k, n1, t1, n2, t2, b / a }'
}

measure "single line (bytes)" gen_line 25000000
measure "dates in a row (dates)" gen_dates 100000
measure "capitalized words (words)" gen_caps 500000
measure "repeated terms, list (terms)" gen_list 50000
measure "repeated terms, run-on (terms)" gen_runon 5000
echo "ratio: time at size2 / time at size1, startup subtracted (2 = linear, 4 = quadratic)"
