#!/usr/bin/env bash
# How long a coordinator waits for a network's consolidation: 1,000 monthly
# packages (one demo book's November, each signed by its own association's
# key) read, verified against the registry and consolidated by
# `ayni network report DIR --registry red.toml --format json`, as a whole
# process (wall time, median of RUNS; peak memory as /usr/bin/time reports
# it). Target: under a second on a laptop of two cores. One command:
#
#   benches/network.sh            # N=1000 packages
#   N=5000 benches/network.sh
#
# Environment: N, RUNS (default 5), BENCH_DIR (default a new temporary
# folder, removed at the end unless KEEP=1), CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${N:-1000}
RUNS=${RUNS:-5}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DIR=${BENCH_DIR:-$(mktemp -d)}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$DIR"; }
trap cleanup EXIT

echo "building (release)..." >&2
cargo build --release --quiet --bin ayni --example network_packages
AYNI=$TARGET/release/ayni
export AYNI_NOW=2026-12-02T10:00:00
"$AYNI" --book "$DIR/libro.ayni" demo --members 60 --months 4 --seed 1 --force >/dev/null
"$TARGET/release/examples/network_packages" "$DIR/libro.ayni" 2026-11 "$DIR/paquetes" "$N" >&2
bytes=$(du -sb "$DIR/paquetes" | cut -f1)
one=$(stat -c %s "$(ls "$DIR"/paquetes/*.ayni-red | head -1)")

times=()
peak=0
for _ in $(seq "$RUNS"); do
  /usr/bin/time -f "%e %M" -o "$DIR/t" "$AYNI" --lang en network report "$DIR/paquetes" \
    --registry "$DIR/paquetes/red.toml" --format json > "$DIR/out.json" 2>/dev/null
  read -r s kb < "$DIR/t"
  times+=("$s")
  [ "$kb" -gt "$peak" ] && peak=$kb
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
sent=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['network']['associations'])" "$DIR/out.json" 2>/dev/null || echo "?")
echo "| packages | one package | all packages | consolidated | wall (median of $RUNS) | peak memory |"
echo "|---:|---:|---:|---:|---:|---:|"
echo "| $N | $one B | $bytes B | $sent | ${median} s | $((peak / 1024)) MB |"
