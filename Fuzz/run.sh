#!/usr/bin/env bash
# Builds and runs Atrium's libFuzzer targets, one at a time, each in a single process.
#
#   Fuzz/run.sh [options] [TARGET…]      TARGET: front-matter schema-compile schema-validate markdown (default: all)
#
#   -t SECONDS    how long to fuzz each target (default 60; 0: do not fuzz, e.g. with --merge)
#   --build-only  build the fuzzers and stop (wrap in `flock` on a shared machine)
#   --no-build    use the fuzzers already built
#   --merge       after fuzzing, minimize everything found into Fuzz/corpus/TARGET (kept in git)
#   --replay      run Fuzz/corpus and Fuzz/crashes through the fuzzers once, without fuzzing
#
# The working corpus (everything found, not minimized) lives in .build/fuzz/corpus/TARGET and
# persists between runs; seeds are regenerated from content/, schemas/ and the JSON Schema test
# suite each run (JSON_SCHEMA_TEST_SUITE, else shared/conformance/json-schema-test-suite beside
# an ancestor folder). Crashes land in .build/fuzz/artifacts/TARGET; copy a fixed one's
# reproducer into Fuzz/crashes/TARGET so the replay test keeps it fixed.
# Extra libFuzzer flags: FUZZ_FLAGS="-max_len=4096 -dict=…".
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
all_targets=(front-matter schema-compile schema-validate markdown)
seconds=60
build=1
fuzz=1
merge=0
replay=0
targets=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -t) seconds="$2"; shift 2 ;;
        --build-only) fuzz=0; shift ;;
        --no-build) build=0; shift ;;
        --merge) merge=1; shift ;;
        --replay) replay=1; fuzz=0; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "unknown target $target (one of: ${all_targets[*]})" >&2; exit 2; }
done

scratch="$root/.build/fuzz"
# LeakSanitizer reports the schemas compiled once per process as leaked: Swift keeps pointers to
# indirect enum payloads (JSONValue) with tag bits set, which LSan does not recognize. Leaks are
# measured by the leak property test instead; ASan's other checks stay on.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# Swift's crash backtracer reads the dying process's memory, which ASan reports as a second error.
export SWIFT_BACKTRACE="enable=no"
# C targets (libyaml inside Yams) get coverage and ASan too; the system cmark-gfm cannot.
# -D FUZZING swaps the executables' file-replaying main for libFuzzer's driver. lld, because gold
# fails on the `main` that SwiftPM aliases to the module's entry point next to libFuzzer's own.
swift_flags=(-c release --scratch-path "$scratch/build"
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
    -Xcc -fsanitize=fuzzer-no-link,address)

if [[ $build == 1 ]]; then
    for target in "${targets[@]}"; do
        echo "== building fuzz-$target"
        swift build "${swift_flags[@]}" --product "fuzz-$target" 2>&1 | grep -v "Cannot export local symbol" || true
        [[ -x "$scratch/build/release/fuzz-$target" ]] || { echo "build of fuzz-$target failed" >&2; exit 1; }
    done
fi
bin="$scratch/build/release"

for target in "${targets[@]}"; do
    fuzzer="$bin/fuzz-$target"
    kept="$root/Fuzz/corpus/$target"
    crashes="$root/Fuzz/crashes/$target"
    work="$scratch/corpus/$target"
    seeds="$scratch/seeds/$target"
    artifacts="$scratch/artifacts/$target"
    log="$scratch/logs/$target.log"
    mkdir -p "$kept" "$work" "$artifacts" "$(dirname "$log")"

    if [[ $replay == 1 ]]; then
        echo "== replaying Fuzz/corpus/$target and Fuzz/crashes/$target"
        mkdir -p "$crashes"
        "$fuzzer" -runs=0 "$kept" "$crashes" 2>&1 | grep -E "INFO: seed corpus|Done|ERROR|SUMMARY" || true
        continue
    fi

    if [[ $fuzz == 1 && $seconds -gt 0 ]]; then
        rm -rf "$seeds"
        "$fuzzer" --write-seeds "$seeds"
        before=$(ls "$artifacts" | wc -l)
        echo "== fuzzing $target for ${seconds}s (log: ${log#$root/})"
        # One process: no -jobs/-workers, so one core stays free. New inputs go into $work only.
        set +e
        # shellcheck disable=SC2086
        "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
            -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_FLAGS:-} \
            "$work" "$kept" "$seeds" >"$log" 2>&1
        status=$?
        set -e
        executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
        speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
        found=$(( $(ls "$artifacts" | wc -l) - before ))
        echo "   executions: $executions   exec/s: $speed   corpus: $(ls "$work" | wc -l) files   new crashes: $found   exit: $status"
        if [[ $found -gt 0 ]]; then
            echo "   crash inputs in ${artifacts#$root/}:"
            ls -t "$artifacts" | head -n "$found" | sed 's/^/     /'
            grep -m1 -E "Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|Swift runtime failure" "$log" | sed 's/^/   /' || true
        fi
    fi

    if [[ $merge == 1 ]]; then
        [[ -d "$seeds" ]] || "$fuzzer" --write-seeds "$seeds"
        echo "== merging into Fuzz/corpus/$target"
        # Keep only what adds coverage beyond the seeds (they are regenerated each run): start the
        # merge from the seeds, then drop them. Edges only (-use_counters=0) keeps the set modest.
        next="$scratch/merged/$target"
        rm -rf "$next" && mkdir -p "$next"
        for seed in "$seeds"/*; do cp "$seed" "$next/seed--$(basename "$seed")"; done
        "$fuzzer" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 -max_len=16384 "$next" "$kept" "$work" \
            >"$scratch/logs/$target-merge.log" 2>&1
        rm -f "$next"/seed--*
        rm -rf "$kept" && mv "$next" "$kept"
        echo "   kept: $(ls "$kept" | wc -l) files, $(du -sk "$kept" | cut -f1) KB"
    fi
done
