#!/usr/bin/env bash
# Benchmarks of ayni on three practice books, side by side with hledger and
# ledger on the same data. One command:
#
#   benches/run.sh                 # small, medium and large
#   benches/run.sh small medium    # only these sizes
#
# Sizes: small = 50 members x 12 months, medium = 500 x 60, large = 2000 x 120
# (`ayni demo`, seed 1, history ending this month).
#
# For each size it measures, as whole processes (wall time, median of RUNS;
# peak memory = maximum resident set size as /usr/bin/time reports it):
#   - generating the book (`ayni demo`), once;
#   - `ayni report trial-balance`, `ayni account list`, `ayni member list`,
#     `ayni entry list --limit 50`, `ayni export journal`, `ayni check` (once);
#   - `hledger bal` and `ledger bal` on the exported journal;
# and runs examples/bench.rs on the book for the in-process figures (open +
# first frame on ratatui's TestBackend, the reports, the B11, a durable
# payment, keystroke to frame; see that file).
#
# Environment: RUNS (default 5), EXT_RUNS (runs of hledger/ledger, default 3;
# 1 for the large book), BENCH_DIR (working folder; default a new temporary
# one, removed at the end unless KEEP=1), OUT (the Markdown report; default
# BENCH_DIR/results.md, also printed), CARGO_TARGET_DIR (as for cargo).
#
# Needs /usr/bin/time, hledger and ledger: installed from Debian's packages
# when missing (as root). Nothing here is a pass/fail test.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-5}
EXT_RUNS=${EXT_RUNS:-3}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
SIZES=("$@")
if [ ${#SIZES[@]} -eq 0 ]; then SIZES=(small medium large); fi

members_of() { case $1 in small) echo 50 ;; medium) echo 500 ;; large) echo 2000 ;; *) return 1 ;; esac; }
months_of() { case $1 in small) echo 12 ;; medium) echo 60 ;; large) echo 120 ;; *) return 1 ;; esac; }
for s in "${SIZES[@]}"; do
  members_of "$s" >/dev/null || { echo "unknown size: $s (small, medium or large)" >&2; exit 2; }
done

# --- tools -------------------------------------------------------------------
missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v hledger >/dev/null || missing+=(hledger)
command -v ledger >/dev/null || missing+=(ledger)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing from Debian: ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "building (release)..." >&2
cargo build --release --quiet --bin ayni --example bench
AYNI=$TARGET/release/ayni
BENCH=$TARGET/release/examples/bench

WORK=${BENCH_DIR:-$(mktemp -d -t ayni-bench.XXXXXX)}
mkdir -p "$WORK"
if [ -z "${BENCH_DIR:-}" ] && [ "${KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$WORK"' EXIT
fi
OUT=${OUT:-$WORK/results.md}
unset AYNI_BOOK
export LANG=C.UTF-8

# --- measuring ---------------------------------------------------------------
# measure N CMD...: runs CMD N times; sets MED_MS (median wall time, ms, one
# decimal) and PEAK_MB (largest maximum resident set size, MiB).
measure() {
  local n=$1
  shift
  local times=() peak=0 i s e kb
  for ((i = 0; i < n; i++)); do
    s=$(date +%s%N)
    if ! /usr/bin/time -f %M -o "$WORK/mem" "$@" >"$WORK/out" 2>"$WORK/err"; then
      echo "failed: $*" >&2
      cat "$WORK/err" >&2
      return 1
    fi
    e=$(date +%s%N)
    times+=($(((e - s) / 1000)))
    kb=$(tail -n 1 "$WORK/mem")
    if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  done
  local med
  med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  MED_MS=$(awk -v us="$med" 'BEGIN {printf "%.1f", us / 1000}')
  PEAK_MB=$(awk -v kb="$peak" 'BEGIN {printf "%.1f", kb / 1024}')
}

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
{
  echo "# ayni benchmarks — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $cpu, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM; $(uname -sr)."
  echo "ayni $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') (release build); $(hledger --version | head -n 1); $(ledger --version | head -n 1 | sed 's/, the command-line accounting tool//')."
  echo "Command: \`benches/run.sh ${SIZES[*]}\` (RUNS=$RUNS, EXT_RUNS=$EXT_RUNS)."
  echo
} >"$OUT"

for size in "${SIZES[@]}"; do
  m=$(members_of "$size")
  n=$(months_of "$size")
  book=$WORK/$size.ayni
  journal=$WORK/$size.journal
  ext_runs=$EXT_RUNS
  if [ "$size" = large ]; then ext_runs=1; fi
  echo "== $size: $m members, $n months" >&2

  rm -f "$book"
  s=$(date +%s%N)
  /usr/bin/time -f '%U %M' -o "$WORK/gen" "$AYNI" --lang en demo --book "$book" --members "$m" --months "$n" --seed 1 >"$WORK/demo.txt"
  e=$(date +%s%N)
  gen_s=$(awk -v ns=$((e - s)) 'BEGIN {printf "%.1f", ns / 1e9}')
  gen_user=$(awk '{printf "%.1f", $1}' "$WORK/gen")
  gen_mb=$(awk '{printf "%.0f", $2 / 1024}' "$WORK/gen")
  entries=$(awk '/Entries:/ {print $2}' "$WORK/demo.txt")
  file_mb=$(du -m "$book" | cut -f1)

  rows=()
  largest=$gen_mb
  row() {
    rows+=("| $1 | $2 | $3 |")
    case $1 in *ayni*) largest=$(awk -v a="$largest" -v b="$3" 'BEGIN {print (b + 0 > a + 0) ? b : a}') ;; esac
  }

  measure "$RUNS" "$AYNI" --book "$book" report trial-balance
  tb_ms=$MED_MS tb_mb=$PEAK_MB
  row "\`ayni report trial-balance\`" "$MED_MS" "$PEAK_MB"
  measure "$RUNS" "$AYNI" --book "$book" account list
  row "\`ayni account list\` (chart with balances)" "$MED_MS" "$PEAK_MB"
  measure "$RUNS" "$AYNI" --book "$book" member list
  row "\`ayni member list\`" "$MED_MS" "$PEAK_MB"
  measure "$RUNS" "$AYNI" --book "$book" entry list --limit 50
  row "\`ayni entry list --limit 50\`" "$MED_MS" "$PEAK_MB"
  measure 1 "$AYNI" --book "$book" export journal -o "$journal"
  row "\`ayni export journal\` ($(du -m "$journal" | cut -f1) MB)" "$MED_MS" "$PEAK_MB"
  measure 1 "$AYNI" --book "$book" check
  row "\`ayni check\` (every entry, hash chain, totals)" "$MED_MS" "$PEAK_MB"
  measure 1 "$AYNI" --book "$book" report member-statement --all --format pdf -o "$WORK/statements.pdf"
  row "\`ayni report member-statement --all --format pdf\` ($(du -m "$WORK/statements.pdf" | cut -f1) MB)" "$MED_MS" "$PEAK_MB"
  measure 1 "$AYNI" --book "$book" report member-statement --all --format html -o "$WORK/statements.html"
  row "\`ayni report member-statement --all --format html\` ($(du -m "$WORK/statements.html" | cut -f1) MB)" "$MED_MS" "$PEAK_MB"
  year=$(date +%Y)
  measure "$RUNS" "$AYNI" --book "$book" report ledger --account 1101 --from "$year-01" --format csv -o "$WORK/ledger.csv"
  row "\`ayni report ledger --account 1101 --from $year-01 --format csv\` (cash, this year)" "$MED_MS" "$PEAK_MB"
  measure "$RUNS" "$AYNI" --book "$book" report balance-sheet --format pdf -o "$WORK/balance.pdf"
  row "\`ayni report balance-sheet --format pdf\`" "$MED_MS" "$PEAK_MB"
  measure "$RUNS" "$AYNI" --book "$book" report loans
  row "\`ayni report loans\` (the portfolio)" "$MED_MS" "$PEAK_MB"
  measure "$RUNS" "$AYNI" --book "$book" report dues-arrears
  row "\`ayni report dues-arrears\`" "$MED_MS" "$PEAK_MB"
  measure 1 "$AYNI" --book "$book" export seps-b11 -o "$WORK/"
  row "\`ayni export seps-b11\` (last closed month)" "$MED_MS" "$PEAK_MB"

  measure "$ext_runs" hledger -f "$journal" bal
  hl_ms=$MED_MS hl_mb=$PEAK_MB
  row "\`hledger bal\` (same journal)" "$MED_MS" "$PEAK_MB"
  measure "$ext_runs" ledger -f "$journal" bal
  le_ms=$MED_MS le_mb=$PEAK_MB
  row "\`ledger bal\` (same journal)" "$MED_MS" "$PEAK_MB"

  "$BENCH" "$book" --tsv --runs "$RUNS" >"$WORK/inproc.tsv"

  # The faster of hledger and ledger, and how ayni's trial balance compares.
  read -r best_name best_ms best_mb < <(awk -v h="$hl_ms" -v hm="$hl_mb" -v l="$le_ms" -v lm="$le_mb" \
    'BEGIN {if (h + 0 <= l + 0) print "hledger", h, hm; else print "ledger", l, lm}')
  speed=$(awk -v a="$tb_ms" -v b="$best_ms" 'BEGIN {printf "%.0f", b / a}')
  memr=$(awk -v a="$tb_mb" -v b="$best_mb" 'BEGIN {printf "%.1f", b / a}')

  {
    echo "## $size: $m members, $n months"
    echo
    echo "$entries entries; book file $file_mb MB. Generated by \`ayni demo\` in $gen_s s wall ($gen_user s CPU), peak $gen_mb MB."
    echo
    echo "Whole processes (wall time, median of $RUNS runs; hledger and ledger: $ext_runs; export and check: 1):"
    echo
    echo "| command | ms | peak MB |"
    echo "| --- | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Largest peak of an ayni command here, the demo's generation included: **${largest} MB**."
    echo
    echo "Trial balance: ayni ${tb_ms} ms / ${tb_mb} MB against $best_name (the faster) ${best_ms} ms / ${best_mb} MB: **${speed}x faster, ${memr}x less memory**."
    echo
    echo "In process (\`examples/bench.rs\`; median and slowest of $RUNS runs after a warm-up, keystrokes one by one):"
    echo
    echo "| measurement | median ms | max ms | n |"
    echo "| --- | ---: | ---: | ---: |"
    awk -F'\t' 'NF == 4 {printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$WORK/inproc.tsv"
    awk -F'\t' '$1 == "peak memory MiB" {printf "\nPeak memory of the in-process run (book open, app, reports, keystrokes): %s MiB.\n", $2}' "$WORK/inproc.tsv"
    echo
  } >>"$OUT"
done

cat "$OUT"
if [ -d "$TARGET" ]; then cp "$OUT" "$TARGET/bench-results.md"; fi
echo "(report: $OUT)" >&2
