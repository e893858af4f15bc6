#!/usr/bin/env bash
# ayni for Windows, built on Debian with Debian's packages only: its Rust 1.96
# (rustc-web, cargo-web, with the standard library's source in rust-web-src,
# built here for the target with -Zbuild-std) and the MinGW-w64 linker.
#
#   scripts/windows.sh check   type-checks every target (the tests too) for
#                              Windows, warnings as errors (CI runs this)
#   scripts/windows.sh         builds for Windows 10/11 (x86_64-pc-windows-gnu)
#                              and Windows 7/8 (x86_64-win7-windows-gnu),
#                              runs the Windows 7 build under wine on the
#                              command line and compares everything it writes
#                              with the Linux build's on the same book, then
#                              writes the portable folders as zips in dist/
#   scripts/windows.sh compare only the comparison under wine, on the
#                              Windows 7 build made before
#
# Wine 8 (Debian 12) lacks bcryptprimitives.dll, which the Windows 10 build's
# standard library needs, so only the Windows 7 build can run under it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mode=${1:-build}

packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64)
if [ "$mode" != check ]; then
  packages+=(wine64 zip unzip poppler-utils)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's toolchain, not the machine's rustup one.
deb_cargo() {
  env PATH=/usr/bin:/bin RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR="$root/target/windows" /usr/bin/cargo "$@"
}
/usr/bin/rustc --version

if [ "$mode" = check ]; then
  echo "== type-checking every target for x86_64-pc-windows-gnu"
  RUSTFLAGS="-D warnings" deb_cargo check --locked --all-targets \
    -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu
  exit 0
fi

if [ "$mode" != compare ]; then
  for target in x86_64-pc-windows-gnu x86_64-win7-windows-gnu; do
    echo "== building for $target"
    deb_cargo build --release --locked -Zbuild-std=std,panic_abort --target "$target"
  done
fi
win10="$root/target/windows/x86_64-pc-windows-gnu/release/ayni.exe"
win7="$root/target/windows/x86_64-win7-windows-gnu/release/ayni.exe"

echo "== building for Linux (the reference)"
cargo build --release --locked
linux="$root/target/release/ayni"

# --- The Windows 7 build under wine, against Linux, on the same book --------
work=$(mktemp -d)
[ -n "${AYNI_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
# Debian keeps wine64 out of PATH.
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEARCH=win64
"$wine" wineboot --init >/dev/null 2>&1 || true
export AYNI_NOW=2026-11-20T10:00:00 LANG=C
mkdir -p "$work/linux" "$work/windows"

# run SIDE ARGS...: ayni on SIDE's book, from SIDE's folder (relative paths,
# which mean the same to both). Standard output goes to the caller.
run() {
  local side=$1
  shift
  (
    cd "$work/$side"
    if [ "$side" = linux ]; then
      "$linux" --lang es --book libro.ayni "$@"
    else
      "$wine" "$win7" --lang es --book libro.ayni "$@"
    fi
  )
}

failures=0
same() {
  local what=$1 a=$2 b=$3
  if cmp -s "$a" "$b"; then
    echo "   same: $what"
  else
    echo "   DIFFERENT: $what"
    diff "$a" "$b" | head -20 || true
    failures=$((failures + 1))
  fi
}

# step NAME ARGS...: the same command on both sides; what it prints compared.
step() {
  local name=$1
  shift
  # A path printed (the close's backup) is written the platform's way.
  run linux "$@" | grep -v '"backup"' >"$work/linux/$name.out"
  run windows "$@" | grep -v '"backup"' >"$work/windows/$name.out"
  same "ayni $*" "$work/linux/$name.out" "$work/windows/$name.out"
}

echo "== the Windows 7 build under wine, compared with Linux"
for side in linux windows; do
  run "$side" demo --members 40 --months 6 >/dev/null
done
step check check --format json
step tb report trial-balance --format csv
step members member list --all --format csv-es
first=$(run linux member list --format csv | sed -n 2p | cut -d, -f1)
step pay dues pay "$first" --amount 7,50 --format json
step receipts dues receipts --format csv
step loans loan list --format json
month=$(run linux report trial-balance --format json | sed -n 's/.*"month": *"\([0-9-]*\)".*/\1/p' | head -1)
cash=$(run linux report trial-balance --format csv | awk -F, '$1=="1101"{print $5}')
# The month is over on the second day of the next.
export AYNI_NOW=2026-12-02T10:00:00
echo "   closing $month with cash $cash"
step close close "$month" --cash-count "$cash" --format json
step check-after check --format json
step journal export journal -o -
step statements report member-statement --all --format csv
step ledger report ledger --account 1101 --format csv

# Files: the spreadsheet's sheets, the PDF's text, the regulator's package.
for side in linux windows; do
  run "$side" report trial-balance --format xlsx -o balance.xlsx >/dev/null 2>&1
  run "$side" report balance-sheet --format pdf -o balance.pdf >/dev/null 2>&1
  run "$side" report member-statement --all --format html -o estados.html >/dev/null 2>&1
  mkdir -p "$work/$side/seps"
  run "$side" export seps-b11 -o seps >/dev/null 2>&1
  (cd "$work/$side" && unzip -p balance.xlsx 'xl/worksheets/*.xml' xl/sharedStrings.xml >xlsx.txt)
  pdftotext -layout "$work/$side/balance.pdf" "$work/$side/pdf.txt"
  # The XML, and what the zip holds (a zip's own bytes carry the files' times).
  (cd "$work/$side/seps" && ls | sort >../seps.list \
    && { cat ./*.xml; for z in ./*.zip; do unzip -p "$z"; done; } | md5sum >../seps.md5)
done
same "trial balance, xlsx sheets" "$work/linux/xlsx.txt" "$work/windows/xlsx.txt"
same "balance sheet, PDF text" "$work/linux/pdf.txt" "$work/windows/pdf.txt"
same "member statements, HTML" "$work/linux/estados.html" "$work/windows/estados.html"
same "SEPS B11, file names" "$work/linux/seps.list" "$work/windows/seps.list"
same "SEPS B11, XML and the zip's contents" "$work/linux/seps.md5" "$work/windows/seps.md5"

if [ "$failures" -gt 0 ]; then
  echo "== $failures differences between the Windows 7 build and Linux"
  exit 1
fi

if [ "$mode" = compare ]; then
  echo "== the Windows 7 build agrees with Linux on every output compared"
  exit 0
fi

# --- The portable folders --------------------------------------------------
echo "== portable folders"
mkdir -p dist
for variant in windows windows7; do
  exe=$win10
  [ "$variant" = windows7 ] && exe=$win7
  dir="$work/zip/ayni"
  rm -rf "$work/zip"
  mkdir -p "$dir"
  cp "$exe" "$dir/ayni.exe"
  # Windows wants CRLF in a batch file and in Notepad.
  sed 's/$/\r/' scripts/windows/ayni.bat >"$dir/ayni.bat"
  sed 's/$/\r/' scripts/windows/LEEME.txt >"$dir/LEEME.txt"
  rm -f "dist/ayni-$variant.zip"
  (cd "$work/zip" && zip -q -r -X "$root/dist/ayni-$variant.zip" ayni)
  ls -l "dist/ayni-$variant.zip"
done
echo "== done: the Windows 7 build agrees with Linux on every output compared"
