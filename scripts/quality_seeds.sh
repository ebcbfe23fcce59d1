#!/usr/bin/env bash
# Matching quality at office scale over several seeds and both scenarios (issue #4):
# generates each project with `sapnhap gen`, merges it and prints `sapnhap eval`'s
# pairwise precision, recall and F1 as a Markdown table.
#
#   scripts/quality_seeds.sh                    # seeds 1 2 3 5 6 4242, both scenarios
#   SEEDS="7 8" PEOPLE=1000 BENCH_DIR=some/dir scripts/quality_seeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-$(mktemp -d)}
seeds=${SEEDS:-"1 2 3 5 6 4242"}
people=${PEOPLE:-1000}
cargo build --release --quiet
bin=$PWD/target/release/sapnhap
printf '| scenario | seed | records | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|\n'
for scenario in hai-phong an-giang; do
  for seed in $seeds; do
    proj=$dir/$scenario-$seed
    [[ -f $proj/merge.toml ]] || "$bin" gen "$proj" --people "$people" --seed "$seed" --scenario "$scenario" --quiet
    "$bin" merge "$proj" --out "$proj/out" --quiet || true # exit 3 only with --strict
    records=$(($(wc -l <"$proj/truth.csv") - 1))
    read -r p r f <<<"$("$bin" eval "$proj/truth.csv" "$proj/out/lineage.csv" | tail -n 3 | awk '{print $2}' | paste -sd' ')"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$scenario" "$seed" "$records" "$p" "$r" "$f"
  done
done
echo "projects in $dir" >&2
