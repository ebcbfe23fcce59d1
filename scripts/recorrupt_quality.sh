#!/usr/bin/env bash
# Matching quality on data the matcher was not tuned on: generates each project with
# `sapnhap gen` (or reuses it), re-corrupts its staff and party rosters with the
# independent model of scripts/recorrupt.py, merges, and prints `sapnhap eval`'s
# pairwise precision, recall and F1 as a Markdown table.
#
#   SAPNHAP=path/to/sapnhap scripts/recorrupt_quality.sh      # seeds 1 2 3, both scenarios
#   SEEDS="1 2 3 7 8" PEOPLE=1000 BENCH_DIR=some/dir SCALE=1 THREADS=1 scripts/recorrupt_quality.sh
#
# $SAPNHAP  the binary (default target/release/sapnhap; build it first, this script
#           does not run cargo)
# $BENCH_DIR  work dir (default: mktemp -d); DIR/SCENARIO-SEED is the generated project
#           (reused when present), DIR/SCENARIO-SEED-rc the re-corrupted copy, merged into
#           DIR/SCENARIO-SEED-rc/out; the changes made are in .../recorrupt-changes.csv
# $SCALE    multiplies every corruption rate (default 1); $THREADS is passed to merge
set -euo pipefail
caller=$PWD
repo=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$caller/$1" ;; esac; }
if [[ -n ${SAPNHAP:-} ]]; then bin=$(abs "$SAPNHAP"); else bin=$repo/target/release/sapnhap; fi
if [[ -n ${BENCH_DIR:-} ]]; then dir=$(abs "$BENCH_DIR"); else dir=$(mktemp -d); fi
seeds=${SEEDS:-"1 2 3"}
people=${PEOPLE:-1000}
scale=${SCALE:-1}
threads=()
[[ -n ${THREADS:-} ]] && threads=(--threads "$THREADS")
[[ -x $bin ]] || { echo "no sapnhap binary at $bin (cargo build --release, or set SAPNHAP)" >&2; exit 2; }
mkdir -p "$dir"
failed=0
printf '| scenario | seed | records | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|\n'
for scenario in hai-phong an-giang; do
  for seed in $seeds; do
    proj=$dir/$scenario-$seed
    rc=$proj-rc
    [[ -f $proj/merge.toml ]] || "$bin" gen "$proj" --people "$people" --seed "$seed" --scenario "$scenario" --quiet
    python3 "$repo/scripts/recorrupt.py" "$proj" "$rc" --seed "$seed" --scale "$scale" --force 2>"$rc.recorrupt.log" ||
      { echo "recorrupt.py failed on $proj:" >&2; cat "$rc.recorrupt.log" >&2; exit 1; }
    records=$(($(wc -l <"$rc/truth.csv") - 1))
    status=0
    "$bin" merge "$rc" --out "$rc/out" --quiet ${threads[@]+"${threads[@]}"} 2>"$rc.merge.log" || status=$?
    if [[ $status -ne 0 && $status -ne 3 ]]; then # 3 only with --strict; anything else is a bug
      echo "merge of $rc failed with exit $status:" >&2
      cat "$rc.merge.log" >&2
      printf '| %s | %s | %s | merge failed (exit %s) | | |\n' "$scenario" "$seed" "$records" "$status"
      failed=1
      continue
    fi
    [[ -s $rc.merge.log ]] && { echo "merge of $rc printed:" >&2; cat "$rc.merge.log" >&2; }
    read -r p r f <<<"$("$bin" eval "$rc/truth.csv" "$rc/out/lineage.csv" | tail -n 3 | awk '{print $2}' | paste -sd' ')"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$scenario" "$seed" "$records" "$p" "$r" "$f"
  done
done
echo "projects in $dir" >&2
exit "$failed"
