#!/usr/bin/env bash
# The suite on the days that break date code: the 1st of a month, the 31st of
# a 31-day month late in the evening, 28 February, 29 February of a leap year,
# New Year's Eve, and today. Each run fakes the computer's clock (libfaketime,
# Debian's `faketime` package) and sets the tests' own instant (AYNI_TEST_NOW)
# to the same local time, in Ecuador's time zone (UTC-5, written so that it
# needs no time zone database): a payment at 20:00 on the 31st is already the
# 1st in UTC, and must still belong to the 31st.
#
#   scripts/test-dates.sh            # every date below
#   scripts/test-dates.sh 2027-02-28T09:00:00
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  echo "faketime is not installed (Debian: apt-get install faketime)" >&2
  exit 1
fi

dates=("$@")
if [ ${#dates[@]} -eq 0 ]; then
  dates=(
    "$(date +%Y-%m-%dT%H:%M:%S)"   # today
    "2027-03-01T08:00:00"          # the 1st of a month
    "2027-01-31T23:40:00"          # the 31st of a 31-day month, 23:40
    "2027-02-28T12:00:00"          # 28 February
    "2028-02-29T12:00:00"          # 29 February, a leap year
    "2026-12-31T22:00:00"          # New Year's Eve, 22:00
  )
fi

# Build once, on the real clock, and run the test binaries themselves under
# the fake one: cargo, rustc and rustdoc hang under libfaketime.
bins=$(cargo test --locked --no-run 2>&1 | tee /dev/stderr | sed -n 's/^ *Executable .*(\(.*\))$/\1/p')
if [ -z "$bins" ]; then
  echo "no test binaries were built" >&2
  exit 1
fi

# libfaketime is preloaded directly rather than through the `faketime`
# wrapper: the wrapper shares its clock through a semaphore, and a test that
# kills a child process (tests/cli/crash_*.rs) while the child holds it leaves
# every later process waiting on it for ever. FAKETIME_DONT_RESET keeps the
# children on the parent's clock, as the wrapper's shared clock did.
lib=""
for l in /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 \
         /usr/lib/faketime/libfaketimeMT.so.1 \
         /usr/local/lib/faketime/libfaketimeMT.so.1; do
  if [ -e "$l" ]; then lib="$l"; break; fi
done

failed=()
for d in "${dates[@]}"; do
  echo "== the suite on ${d} (UTC-5)"
  for b in $bins; do
    if [ -n "$lib" ]; then
      TZ='<-05>5' AYNI_TEST_NOW="$d" LD_PRELOAD="$lib" FAKETIME="@${d/T/ }" \
        FAKETIME_DONT_RESET=1 "$b"
    else
      TZ='<-05>5' AYNI_TEST_NOW="$d" faketime -m "${d/T/ }" "$b"
    fi || failed+=("$d: $b")
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  printf 'the suite failed on %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "the suite passed on every date: ${dates[*]}"
