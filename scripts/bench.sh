#!/usr/bin/env bash
# End-to-end benchmark (issue #8, SPEC §9). Builds release, generates scenarios with
# `sapnhap gen` at fixed seeds, runs `merge` on each under /usr/bin/time -v, and prints
# a Markdown table: records, wall time, CPU time and peak RSS (median of REPEAT runs),
# the per-stage timings from run.json (of the median run) and the matching quality
# from `sapnhap eval` (precision / recall / F1).
#
#   scripts/bench.sh                  # office (~2k records) and province (~220k)
#   scripts/bench.sh --large          # also ~2M records (needs ~3 GB of disk)
#   REPEAT=5 scripts/bench.sh         # runs per scenario (default 3; 1 for --large's 2M)
#   BENCH_DIR=some/dir scripts/bench.sh   # keep the generated projects between runs
#   THREADS=2 scripts/bench.sh        # passed as --threads (default: all cores)
#
# The table goes to stdout; progress to stderr. Timings on a shared machine are noisy:
# compare medians, and look at CPU time (user + sys) as well as wall time.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v /usr/bin/time >/dev/null || {
  echo "bench.sh needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
  exit 2
}
cargo build --release --quiet
bin=target/release/sapnhap
dir=${BENCH_DIR:-$(mktemp -d)}
repeat=${REPEAT:-3}
threads=()
[[ -n "${THREADS:-}" ]] && threads=(--threads "$THREADS")

# name people seed formats
sizes=("office 1000 4242 default" "province 160000 7 csv")
[[ "${1:-}" == "--large" ]] && sizes+=("large 1450000 11 csv")

# "h:mm:ss" or "m:ss.ss" → seconds
seconds() { awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }

printf '| scenario | records | wall s | CPU s (user+sys) | peak RSS MiB | precision | recall | F1 |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
stages_out=()
for s in "${sizes[@]}"; do
  read -r name people seed formats <<<"$s"
  proj="$dir/$name"
  if [[ ! -f "$proj/merge.toml" ]]; then
    rm -rf "$proj"
    echo "generating $name: gen --people $people --seed $seed ${formats/default/}" >&2
    if [[ "$formats" == default ]]; then
      "$bin" gen "$proj" --people "$people" --seed "$seed" --quiet
    else
      "$bin" gen "$proj" --people "$people" --seed "$seed" --formats "$formats" --quiet
    fi
  fi
  records=$(($(wc -l <"$proj/truth.csv") - 1))
  runs=$repeat
  [[ "$name" == large ]] && runs=${REPEAT_LARGE:-1}
  results=()
  for ((i = 1; i <= runs; i++)); do
    echo "merge $name ($records records), run $i/$runs" >&2
    /usr/bin/time -v "$bin" merge "$proj" --out "$proj/out$i" --quiet "${threads[@]}" 2>"$dir/$name.$i.time"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/$name.$i.time" | seconds)
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$dir/$name.$i.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$dir/$name.$i.time")
    results+=("$wall $cpu $rss $i")
  done
  # The median run by wall time gives wall, CPU and stages; RSS is the median of its own.
  median=$(printf '%s\n' "${results[@]}" | sort -n -k1,1 | sed -n "$(((runs + 1) / 2))p")
  read -r wall cpu _ run <<<"$median"
  rss=$(printf '%s\n' "${results[@]}" | sort -n -k3,3 | sed -n "$(((runs + 1) / 2))p" | awk '{print $3}')
  quality=$("$bin" eval "$proj/truth.csv" "$proj/out$run/lineage.csv" | tail -n 3 | awk '{print $2}' | paste -sd' ')
  read -r p r f <<<"$quality"
  printf '| %s (seed %s) | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$name" "$seed" "$records" "$wall" "$cpu" "$rss" "$p" "$r" "$f"
  stages=$(tr -d '\n ' <"$proj/out$run/run.json" | grep -o '"timings_seconds":{[^}]*}' |
    sed 's/"timings_seconds"://; s/[{}"]//g; s/,/, /g')
  stages_out+=("- $name: $stages")
  for ((i = 1; i <= runs; i++)); do
    [[ $i == "$run" ]] || rm -rf "$proj/out$i"
  done
done
printf '\nPer-stage wall seconds (run.json `timings_seconds`, median run):\n\n'
printf '%s\n' "${stages_out[@]}"
echo "projects and outputs kept in $dir" >&2
