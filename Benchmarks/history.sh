#!/usr/bin/env bash
# History-stage benchmark: Atrium's one-pass history walk against the floor any tool pays,
# a single `git log --first-parent --name-only` over the same history, measured side by side.
#
#   Benchmarks/history.sh [--products N] [--commits M] [--seed S] [--runs R]
#
# Needs ../shared/bench/gen-corpus (or GEN_CORPUS=path). Corpora are kept in $TMPDIR.
set -euo pipefail
source "$(dirname "$0")/corpus.sh"
(cd "$here" && swift build -c release --product atrium >&2)
atrium=$here/.build/release/atrium

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
seconds() { # wall seconds of a command
    local start end
    start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
history_seconds() { # the history stage's own timing, from --verbose
    # The walk normally overlaps loading; alone, it is measured against git log on equal terms.
    { ATRIUM_SEQUENTIAL_HISTORY=1 "$atrium" check --root "$corpus" --verbose "$@" 2>&1 >/dev/null || true; } |
        awk '$1 == "history" && $2 ~ /^[0-9.]+$/ {print $2}'
}

git_times=() cold_times=() warm_times=()
for ((run = 1; run <= runs; run++)); do
    git_times+=("$(seconds git -C "$corpus" log --first-parent --diff-merges=first-parent --no-renames --name-only \
        --format=%H%x09%ct HEAD -- content)")
    cold_times+=("$(history_seconds --no-cache)")
done

# Warm: the cache at HEAD, then one new commit that changes one product.
scratch=$work/warm-$products-$commits-$seed
rm -rf "$scratch"; git clone -q "$corpus" "$scratch"
corpus_saved=$corpus; corpus=$scratch
history_seconds >/dev/null   # fills the cache
for ((run = 1; run <= runs; run++)); do
    file=$(git -C "$scratch" ls-files content | sed -n "$((run * 7))p")
    printf '\nA new paragraph, run %s.\n' "$run" >> "$scratch/$file"
    git -C "$scratch" -c user.name=Bench -c user.email=bench@example.org commit -qam "Bench edit $run"
    warm_times+=("$(history_seconds)")
done
corpus=$corpus_saved

g=$(printf '%s\n' "${git_times[@]}" | median)
c=$(printf '%s\n' "${cold_times[@]}" | median)
w=$(printf '%s\n' "${warm_times[@]}" | median)
printf '\nhistory benchmark: %s products, %s commits (median of %s runs)\n' "$products" "$commits" "$runs"
printf '%-44s %10s\n' "what" "seconds"
printf '%-44s %10.3f\n' "git log --first-parent --name-only (floor)" "$g"
printf '%-44s %10.3f\n' "atrium history stage, cold (no cache)" "$c"
printf '%-44s %10.3f\n' "atrium history stage, warm (one new commit)" "$w"
printf 'ratio cold/git-log: %.2f   warm/cold: %.3f\n' "$(echo "$c / $g" | bc -l)" "$(echo "$w / $c" | bc -l)"
