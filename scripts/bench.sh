#!/usr/bin/env bash
# End-to-end benchmark: builds release, generates scenarios with `sapnhap gen` at fixed
# seeds, runs `merge` on each under /usr/bin/time -v, and prints wall time, CPU time,
# peak RSS, per-stage timings (run.json) and matching quality (eval).
#
#   scripts/bench.sh                 # office (~2k records) and province (~220k)
#   scripts/bench.sh --large         # also ~2M records
#   BENCH_DIR=/some/dir scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/sapnhap
dir=${BENCH_DIR:-$(mktemp -d)}
sizes=("office 1000 4242" "province 110000 7")
[[ "${1:-}" == "--large" ]] && sizes+=("large 1000000 11")

printf '| scenario | records | wall s | cpu s | peak RSS MiB | precision | recall | F1 |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
for s in "${sizes[@]}"; do
  read -r name people seed <<<"$s"
  proj="$dir/$name"
  if [[ ! -f "$proj/merge.toml" ]]; then
    rm -rf "$proj"
    "$bin" gen "$proj" --people "$people" --seed "$seed" --formats csv >/dev/null
  fi
  records=$(($(wc -l <"$proj/truth.csv") - 1))
  /usr/bin/time -v "$bin" merge "$proj" --out "$proj/out" --quiet 2>"$dir/$name.time"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2,t,":"); if (length(t)==3) print t[1]*3600+t[2]*60+t[3]; else print t[1]*60+t[2]}' "$dir/$name.time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$dir/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$dir/$name.time")
  quality=$("$bin" eval "$proj/truth.csv" "$proj/out/lineage.csv" | tail -n 3 | awk '{print $2}' | paste -sd' ')
  read -r p r f <<<"$quality"
  printf '| %s (seed %s) | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$seed" "$records" "$wall" "$cpu" "$rss" "$p" "$r" "$f"
  echo "  stages: $(tr -d '\n ' <"$proj/out/run.json" | grep -o '"timings_seconds":{[^}]*}')" >&2
done
