#!/usr/bin/env bash
# atrium build against Hugo on the same generated corpus, measured in one run so the ratios hold
# on a noisy machine: median wall time and peak memory of each, and Atrium's share of Hugo's.
#
#   Benchmarks/build.sh [--products N] [--commits M] [--seed S] [--runs R]
#
# Hugo runs as ../shared/bench/peers/hugo.sh builds it (one page per product, listings for
# sections and three taxonomies, a JSON index, git dates from one history pass). Atrium runs
# three ways: the public portal (published public products only), the internal portal (every
# product: the like-for-like comparison with Hugo, which ignores audiences), both without the
# history cache (cold, like Hugo), and the internal one again with the cache warm.
set -euo pipefail
source "$(dirname "$0")/corpus.sh"
peers=${PEERS_DIR:-$here/../shared/bench/peers}
# The corpus carries no schemas: use Atrium's (they accept every generated product). The
# generator lets some authors review their own products, a real qa/trail error that would stop
# the build; the benchmark makes it a warning so that the whole corpus is built.
rm -rf "$corpus/schemas"; cp -r "$here/schemas" "$corpus/schemas"
grep -q '^rules:' "$corpus/atrium.yml" || printf '\nrules:\n  qa/trail: warning\n' >>"$corpus/atrium.yml"
(cd "$here" && swift build -c release --product atrium >&2)
"$peers/hugo.sh" --install >&2
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null
atrium=$here/.build/release/atrium
now=2025-07-01   # the corpus ends on 2025-06-30

measure() {   # name, command… → appends "seconds kilobytes" to $work/build-NAME.times
    local name=$1; shift
    : >"$work/build-$name.times"
    for _ in $(seq "$runs"); do
        rm -rf "$work/out-$name"
        /usr/bin/time -f '%e %M' -o "$work/build-$name.time" "$@" >"$work/build-$name.log" 2>&1 \
            || { echo "$name failed; see $work/build-$name.log" >&2; tail -5 "$work/build-$name.log" >&2; exit 1; }
        cat "$work/build-$name.time" >>"$work/build-$name.times"
    done
}

for _ in 1; do   # interleaved per run would be fairer still; each tool's runs are back to back
    measure hugo "$peers/hugo.sh" "$corpus" "$work/out-hugo"
    measure atrium-public bash -c "cd '$corpus' && '$atrium' build --no-cache --now $now --out '$work/out-atrium-public'"
    measure atrium-internal bash -c "cd '$corpus' && '$atrium' build --no-cache --now $now --audience internal --out '$work/out-atrium-internal'"
    measure atrium-internal-warm bash -c "cd '$corpus' && '$atrium' build --now $now --audience internal --out '$work/out-atrium-internal-warm'"
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
hugo_s=$(cut -d' ' -f1 "$work/build-hugo.times" | median)
hugo_kb=$(cut -d' ' -f2 "$work/build-hugo.times" | sort -n | tail -1)
echo "build of $products products, $commits commits, $runs run(s) each (median wall time, largest peak RSS):"
printf '%-22s %9s %9s %8s %8s %7s\n' tool seconds "peak MB" pages "÷ hugo" "mem ÷"
for name in hugo atrium-public atrium-internal atrium-internal-warm; do
    s=$(cut -d' ' -f1 "$work/build-$name.times" | median)
    kb=$(cut -d' ' -f2 "$work/build-$name.times" | sort -n | tail -1)
    pages=$(find "$work/out-$name" -name '*.html' | wc -l)
    printf '%-22s %9.2f %9.0f %8d %8.2f %7.2f\n' "$name" "$s" "$((kb / 1024))" "$pages" \
        "$(echo "$s / $hugo_s" | bc -l)" "$(echo "$kb / $hugo_kb" | bc -l)"
done
echo "target: atrium ÷ hugo ≤ 0.50 in wall time, ≤ 1.00 in peak memory"
