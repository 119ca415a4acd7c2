#!/usr/bin/env bash
# atrium check, stage by stage, on a generated corpus: how much of a full check each stage
# takes (schema validation among them), plus the JSON Schema micro-benchmark.
#
#   Benchmarks/check.sh [--products N] [--commits M] [--seed S]
set -euo pipefail
source "$(dirname "$0")/corpus.sh"
# The corpus carries no schemas: use Atrium's (they accept every generated product).
rm -rf "$corpus/schemas"; cp -r "$here/schemas" "$corpus/schemas"
(cd "$here" && swift build -c release --product atrium >&2 && swift build -c release --product jsonschema-bench >&2)

echo "atrium check --no-cache on $products products, $commits commits:"
start=$(date +%s.%N)
{ "$here/.build/release/atrium" check --root "$corpus" --no-cache --verbose 2>"$work/check-stages.txt" >"$work/check-output.txt" || true; }
end=$(date +%s.%N)
total=$(echo "$end - $start" | bc -l)
printf '%-16s %9s %7s\n' stage seconds share
awk -v total="$total" '{printf "%-16s %9.3f %6.1f%%\n", $1, $2, 100 * $2 / total}' "$work/check-stages.txt"
printf '%-16s %9.3f\n' "wall (process)" "$total"
tail -1 "$work/check-output.txt"
echo
"$here/.build/release/jsonschema-bench"
