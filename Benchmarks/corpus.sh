# Shared by the benchmark scripts (sourced, not run): reads --products, --commits, --seed and
# --runs, and generates the corpus once with ../shared/bench/gen-corpus (or GEN_CORPUS=path)
# into $TMPDIR/atrium-bench, where it is kept for later runs. Sets: products commits seed runs
# here work corpus.
products=10000 commits=30000 seed=1 runs=3
while (($#)); do
    case "$1" in
        --products) products=$2; shift 2 ;;
        --commits) commits=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gen=${GEN_CORPUS:-$here/../shared/bench/gen-corpus}
work=${TMPDIR:-/tmp}/atrium-bench
corpus=$work/corpus-$products-$commits-$seed
mkdir -p "$work"
if [ ! -d "$corpus/.git" ]; then
    python3 "$gen" --products "$products" --commits "$commits" --seed "$seed" "$corpus" >&2
fi
