#!/usr/bin/env bash
# The performance benchmark (docs/performance.md): for each corpus size, Atrium against Hugo and
# against the floor, measured side by side in one run so that the ratios hold on a noisy machine.
#
#   Benchmarks/run.sh [--sizes "1000 10000 50000"] [--runs R] [--seed S] [--no-hugo] [--internal]
#
# Corpora come from ../shared/bench/gen-corpus (or GEN_CORPUS=path) with three commits per product,
# kept in $TMPDIR/atrium-bench for later runs. The generated atrium.yml is used as it is; the
# corpus has no schemas, so Atrium's are copied in, and `qa/trail` is made a warning because the
# generator lets a few authors review their own products (a real error that would stop the build);
# at 50,000 products a few tag renames leave a tag listed twice, so `schema/uniqueItems` is too.
#
# Rows, each timed with GNU time (wall, user+system CPU, peak RSS of the largest process):
#   floor         ../shared/bench/peers/floor.sh: one `git log --name-only` pass, cmark-gfm over
#                 every body, and reading every file, one after the other
#   hugo          ../shared/bench/peers/hugo.sh (git dates, taxonomies, search index)
#   check         atrium check --no-cache
#   build cold    atrium build (public portal), no history cache, empty output folder
#   build warm    atrium build again after one product changed in a new commit (cache and the
#                 previous site present)
#   build internal (with --internal) the staff portal, every product, cold: Hugo's page count
# Medians over R runs (default 3; 1 at 50,000 products and above).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sizes="1000 10000 50000" runs=3 seed=1 hugo=1 internal=0
while (($#)); do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --no-hugo) hugo=0; shift ;;
        --internal) internal=1; shift ;;
        *) echo "unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
done
gen=${GEN_CORPUS:-$here/../shared/bench/gen-corpus}
peers=${PEERS_DIR:-$here/../shared/bench/peers}
work=${TMPDIR:-/tmp}/atrium-bench
now=2025-07-01   # the generated history ends on 2025-06-30
mkdir -p "$work"
[ -x "$gen" ] || { echo "no corpus generator at $gen (set GEN_CORPUS)" >&2; exit 2; }
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null
command -v bc >/dev/null || apt-get install -y bc >/dev/null
"$peers/floor.sh" --install >&2
((hugo)) && "$peers/hugo.sh" --install >&2
(cd "$here" && swift build -c release --product atrium >&2)
atrium=$here/.build/release/atrium

# timed NAME COMMAND… : one run, appends "wall cpu kilobytes" to $work/NAME.times
timed() {
    local name=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 \
        || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/$name.time" >>"$work/$name.times"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
column_median() { cut -d' ' -f"$2" "$work/$1.times" | median; }
column_max() { cut -d' ' -f"$2" "$work/$1.times" | sort -n | tail -1; }
ratio() { echo "scale=4; $1 / $2" | bc -l | awk '{ printf "%.2f", $1 }'; }

summary=$work/summary.txt
: >"$summary"
for products in $sizes; do
    commits=$((products * 3))
    corpus=$work/corpus-$products-$commits-$seed
    if [ ! -d "$corpus/.git" ]; then
        python3 "$gen" --products "$products" --commits "$commits" --seed "$seed" "$corpus" >&2
    fi
    rm -rf "$corpus/schemas"; cp -r "$here/schemas" "$corpus/schemas"
    grep -q '^rules:' "$corpus/atrium.yml" || printf '\nrules:\n  qa/trail: warning\n' >>"$corpus/atrium.yml"
    grep -q 'schema/uniqueItems' "$corpus/atrium.yml" || printf '  schema/uniqueItems: warning\n' >>"$corpus/atrium.yml"
    n=$runs; ((products >= 50000)) && n=1
    rows="floor check build-cold build-warm"
    ((hugo)) && rows="floor hugo check build-cold build-warm"
    ((internal)) && rows="$rows build-internal"
    for row in $rows; do rm -f "$work/$products-$row.times"; done
    # The warm build edits and commits: it works in a clone, so the kept corpus stays as generated.
    scratch=$work/scratch-$products
    rm -rf "$scratch"; git clone -q "$corpus" "$scratch"
    cp -r "$corpus/schemas" "$scratch/"; cp "$corpus/atrium.yml" "$scratch/atrium.yml"
    git -C "$scratch" -c user.name=Bench -c user.email=bench@example.org commit -qam "Benchmark settings" || true
    for ((run = 1; run <= n; run++)); do
        echo "size $products, run $run of $n" >&2
        timed "$products-floor" "$peers/floor.sh" "$corpus" all
        if ((hugo)); then rm -rf "$work/out-hugo"; timed "$products-hugo" "$peers/hugo.sh" "$corpus" "$work/out-hugo"; fi
        timed "$products-check" "$atrium" check --root "$corpus" --no-cache --now "$now" --quiet
        rm -rf "$work/out-cold" "$scratch/.atrium-cache"
        timed "$products-build-cold" "$atrium" build --root "$scratch" --now "$now" --quiet --out "$work/out-cold"
        file=$(git -C "$scratch" ls-files content | sed -n "$((run * 7 + 1))p")
        printf '\nA paragraph added for benchmark run %s.\n' "$run" >>"$scratch/$file"
        git -C "$scratch" -c user.name=Bench -c user.email=bench@example.org commit -qam "Benchmark edit $run"
        timed "$products-build-warm" "$atrium" build --root "$scratch" --now "$now" --quiet --out "$work/out-cold"
        if ((internal)); then
            rm -rf "$work/out-internal"
            timed "$products-build-internal" "$atrium" build --root "$corpus" --no-cache --audience internal --now "$now" --quiet \
                --out "$work/out-internal"
        fi
    done
    pages_cold=$(find "$work/out-cold" -name '*.html' | wc -l)
    pages_hugo=$( ((hugo)) && find "$work/out-hugo" -name '*.html' | wc -l || echo -)
    {
        echo
        echo "$products products, $commits commits ($n run(s), median wall and CPU seconds, largest peak RSS)"
        printf '%-16s %9s %9s %9s %8s %8s %8s\n' row "wall s" "cpu s" "peak MB" "÷ floor" "÷ hugo" "mem ÷ h"
        floor_s=$(column_median "$products-floor" 1)
        hugo_s=$( ((hugo)) && column_median "$products-hugo" 1 || echo 0)
        hugo_kb=$( ((hugo)) && column_max "$products-hugo" 3 || echo 0)
        for row in $rows; do
            s=$(column_median "$products-$row" 1); c=$(column_median "$products-$row" 2); kb=$(column_max "$products-$row" 3)
            vs_hugo=-; mem=-
            if ((hugo)); then vs_hugo=$(ratio "$s" "$hugo_s"); mem=$(ratio "$kb" "$hugo_kb"); fi
            printf '%-16s %9.2f %9.2f %9.0f %8s %8s %8s\n' "$row" "$s" "$c" "$((kb / 1024))" "$(ratio "$s" "$floor_s")" "$vs_hugo" "$mem"
        done
        cold_s=$(column_median "$products-build-cold" 1)
        warm_s=$(column_median "$products-build-warm" 1)
        echo "pages: atrium public $pages_cold, hugo $pages_hugo"
        echo "warm ÷ cold: $(ratio "$warm_s" "$cold_s")"
        echo "targets at 10,000: build cold ≤ 0.50 × hugo and ≤ 3 × floor; check ≤ 1.5 × floor; warm ≤ 0.05 × cold; memory < hugo"
    } | tee -a "$summary"
done
echo
echo "scaling (from the medians above): seconds and MB per 1,000 products"
printf '%-10s %12s %12s %12s %12s\n' products "check s/1k" "build s/1k" "build MB" "MB/1k"
for products in $sizes; do
    c=$(column_median "$products-check" 1); b=$(column_median "$products-build-cold" 1); kb=$(column_max "$products-build-cold" 3)
    printf '%-10s %12.3f %12.3f %12.0f %12.1f\n' "$products" "$(echo "$c * 1000 / $products" | bc -l)" \
        "$(echo "$b * 1000 / $products" | bc -l)" "$((kb / 1024))" "$(echo "$kb / 1024 * 1000 / $products" | bc -l)"
done | tee -a "$summary"
echo "(all of the above is also in $summary)"
