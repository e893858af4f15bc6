#!/usr/bin/env bash
# Runs each fuzz target of tests/library/fuzz.rs for about SECONDS_PER_TARGET
# (default 60): the proptest is invoked again and again with a fresh seed
# (PROPTEST_RNG_SEED) and a case count (AYNI_FUZZ_CASES) that grows until one
# invocation takes a few seconds, until the time is up. Prints a table of
# target / invocations / executions / failures and exits non-zero on a failure.
#
# A failure is saved by proptest in tests/library/fuzz.proptest-regressions
# and replayed first by every later run (commit that file: found cases become
# regression tests). The output of a failing run is kept in
# $CARGO_TARGET_DIR/fuzz-logs/ (or target/fuzz-logs/).
#
# Then (unless targets are named) the damaged-pages measure: AYNI_DAMAGE_COPIES
# (default 1000) copies of a practice book, each with one byte changed at a
# seeded random offset (AYNI_DAMAGE_SEED), through every read path (the opens,
# check, the journal, members, every report, the journal export, a backup and
# an interface session on a TestBackend); it fails on any panic or hang.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   TARGET is a test name such as fuzz_money (default: all of them), or
#   fuzz_damaged_pages for the damaged-pages measure alone.
set -u

secs=${1:-60}
shift || true
case "$secs" in
  '' | *[!0-9]*)
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
    ;;
esac

cd "$(dirname "$0")/.." || exit 2

targets=("$@")
damaged_pages=0
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_money fuzz_posting fuzz_date fuzz_month fuzz_ident
    fuzz_csv_import fuzz_text fuzz_stored_values fuzz_keyboard)
  damaged_pages=1
fi
rest=()
for t in "${targets[@]}"; do
  if [ "$t" = fuzz_damaged_pages ]; then damaged_pages=1; else rest+=("$t"); fi
done
targets=("${rest[@]+"${rest[@]}"}")

# Cases of the first invocation of each target (then doubled while fast).
start_cases() {
  case "$1" in
    fuzz_money | fuzz_date | fuzz_month | fuzz_ident) echo 2000 ;;
    fuzz_posting) echo 1000 ;;
    fuzz_csv_import) echo 100 ;;
    fuzz_text) echo 500 ;;
    fuzz_stored_values) echo 16 ;;
    fuzz_keyboard) echo 4 ;;
    *) echo 50 ;;
  esac
}

echo "Building the test binary..." >&2
bin=$(cargo test --test library --no-run --message-format=json 2>/dev/null |
  grep -o '"executable":"[^"]*library[^"]*"' | tail -n 1 | cut -d'"' -f4)
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "could not build the library test binary (try: cargo test --test library --no-run)" >&2
  exit 2
fi

logs="${CARGO_TARGET_DIR:-target}/fuzz-logs"
mkdir -p "$logs"

# Key presses per keyboard case (the test's default is smaller).
export AYNI_FUZZ_KEYS=${AYNI_FUZZ_KEYS:-200}

now() { date +%s.%N; }

rows=()
total_failures=0
for t in "${targets[@]+"${targets[@]}"}"; do
  cases=$(start_cases "$t")
  execs=0
  runs=0
  failures=0
  t_start=$(now)
  end=$(awk -v s="$t_start" -v d="$secs" 'BEGIN { printf "%.3f", s + d }')
  while awk -v n="$(now)" -v e="$end" 'BEGIN { exit !(n < e) }'; do
    seed=$(( (RANDOM << 30) ^ (RANDOM << 15) ^ RANDOM ))
    t0=$(now)
    AYNI_FUZZ_CASES=$cases PROPTEST_RNG_SEED=$seed \
      "$bin" --exact "fuzz::$t" --test-threads=1 >"$logs/$t.last" 2>&1
    rc=$?
    t1=$(now)
    runs=$((runs + 1))
    if ! grep -q "test result: ok. 1 passed" "$logs/$t.last"; then
      failures=$((failures + 1))
      cp "$logs/$t.last" "$logs/$t.seed-$seed.log"
      echo "FAILED: $t (seed $seed, exit $rc); output in $logs/$t.seed-$seed.log" >&2
      grep -E "Test failed|panicked at|minimal failing" -A2 "$logs/$t.last" | head -n 12 >&2
      # The saved regression replays first from now on: stop this target.
      break
    fi
    execs=$((execs + cases))
    # Grow the invocation to a few seconds, shrink it to what time is left.
    cases=$(awk -v c="$cases" -v el="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
      -v left="$(awk -v n="$t1" -v e="$end" 'BEGIN { print e - n }')" 'BEGIN {
        el = (el < 0.05) ? 0.05 : el
        rate = c / el
        want = (el < 4) ? c * 2 : c
        if (want > rate * left) want = int(rate * left)
        if (want < 1) want = 1
        printf "%d", want
      }')
  done
  took=$(awk -v a="$t_start" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')
  rows+=("$(printf '%-20s %8s %12s %9s %7ss' "$t" "$runs" "$execs" "$failures" "$took")")
  total_failures=$((total_failures + failures))
  echo "$t: $execs executions, $failures failures" >&2
done

if [ "$damaged_pages" = 1 ]; then
  copies=${AYNI_DAMAGE_COPIES:-1000}
  echo "fuzz_damaged_pages: $copies damaged copies..." >&2
  t0=$(now)
  AYNI_DAMAGE_COPIES=$copies "$bin" --exact fuzz::fuzz_damaged_pages --nocapture \
    --test-threads=1 >"$logs/fuzz_damaged_pages.last" 2>&1
  took=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')
  failures=0
  if ! grep -q "test result: ok. 1 passed" "$logs/fuzz_damaged_pages.last"; then
    failures=1
    echo "FAILED: fuzz_damaged_pages; output in $logs/fuzz_damaged_pages.last" >&2
    grep -E "^copy [0-9]+:" "$logs/fuzz_damaged_pages.last" | head -n 12 >&2
  fi
  grep "^fuzz_damaged_pages:" "$logs/fuzz_damaged_pages.last" >&2
  rows+=("$(printf '%-20s %8s %12s %9s %7ss' fuzz_damaged_pages 1 "$copies" "$failures" "$took")")
  total_failures=$((total_failures + failures))
fi

echo
printf '%-20s %8s %12s %9s %8s\n' target runs executions failures time
for r in "${rows[@]+"${rows[@]}"}"; do
  echo "$r"
done
if [ "$total_failures" -gt 0 ]; then
  echo
  echo "$total_failures target(s) failed; see $logs and tests/library/fuzz.proptest-regressions"
  exit 1
fi
