#!/usr/bin/env bash
# Side by side with Splink (PyPI `splink`, DuckDB backend) on the same generated
# ~220,000-record project, same machine (issue #8). Optional: needs python3 with venv
# and network access to PyPI; not run in CI.
#
#   scripts/splink_compare.sh                 # gen --people 160000 --seed 7 --formats csv
#   BENCH_DIR=some/dir scripts/splink_compare.sh   # reuse / keep the project and the venv
#   SPLINK_VENV=some/venv scripts/splink_compare.sh
#   REPEAT=3 scripts/splink_compare.sh        # three rounds in turn, medians reported
#
# Prints a Markdown table: wall time, CPU time, peak RSS, precision / recall / F1 of
# sapnhap and of Splink, and Splink ÷ sapnhap ratios. The Splink model is in
# scripts/splink_compare.py (its docstring says how the data is standardised and how
# the model is trained).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command -v /usr/bin/time >/dev/null || {
  echo "needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
  exit 2
}
dir=${BENCH_DIR:-$(mktemp -d)}
venv=${SPLINK_VENV:-$dir/splink-venv}
people=${PEOPLE:-160000}
seed=${SEED:-7}

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating $venv and installing splink" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet splink
fi
splink_version=$("$venv/bin/python" -c 'import splink, duckdb; print(splink.__version__, duckdb.__version__)')

cargo build --release --quiet
bin=$root/target/release/sapnhap
proj=$dir/province
if [[ ! -f "$proj/merge.toml" ]]; then
  echo "generating: gen --people $people --seed $seed --formats csv" >&2
  "$bin" gen "$proj" --people "$people" --seed "$seed" --formats csv --quiet
fi
records=$(($(wc -l <"$proj/truth.csv") - 1))

measure() { # name, time file → "wall cpu rss_mib"
  local f=$2 wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$f" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$f")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$f")
  echo "$wall $cpu $rss"
}
quality() { # truth, lineage → "precision recall f1"
  "$bin" eval "$1" "$2" | tail -n 3 | awk '{print $2}' | paste -sd' '
}

# REPEAT=n runs the two n times in turn (sapnhap, Splink, sapnhap, …) and reports
# each figure's median, so that one slow or lucky run does not decide the ratio.
repeat=${REPEAT:-1}
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
: >"$dir/rounds.txt"
for i in $(seq 1 "$repeat"); do
  echo "round $i/$repeat: sapnhap merge ($records records)" >&2
  /usr/bin/time -v "$bin" merge "$proj" --out "$proj/out" --quiet 2>"$dir/sapnhap.time"
  read -r s_wall s_cpu s_rss <<<"$(measure sapnhap "$dir/sapnhap.time")"
  # The stages that do what the Splink script does (read the CSVs, standardise,
  # train, block, score, cluster), from the same run's run.json.
  s_link=$(python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["timings_seconds"]; print(round(t["read"] + t["normalize"] + t["match"], 3))' "$proj/out/run.json")
  echo "round $i/$repeat: splink ($splink_version)" >&2
  /usr/bin/time -v "$venv/bin/python" "$root/scripts/splink_compare.py" \
    "$proj" "$proj/out/lineage.csv" "$dir/splink-lineage.csv" 2>"$dir/splink.log"
  grep -E '^(read and|trained in)' "$dir/splink.log" >&2 || true
  read -r k_wall k_cpu k_rss <<<"$(measure splink "$dir/splink.log")"
  echo "$s_wall $s_cpu $s_rss $k_wall $k_cpu $k_rss $s_link" >>"$dir/rounds.txt"
done
col() { awk -v c="$1" '{ print $c }' "$dir/rounds.txt" | median; }
s_wall=$(col 1) s_cpu=$(col 2) s_rss=$(col 3) k_wall=$(col 4) k_cpu=$(col 5) k_rss=$(col 6)
read -r s_p s_r s_f <<<"$(quality "$proj/truth.csv" "$proj/out/lineage.csv")"
read -r k_p k_r k_f <<<"$(quality "$proj/truth.csv" "$dir/splink-lineage.csv")"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }'; }
printf '| tool | records | wall s | CPU s | peak RSS MiB | precision | recall | F1 |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
printf '| sapnhap | %s | %s | %s | %s | %s | %s | %s |\n' "$records" "$s_wall" "$s_cpu" "$s_rss" "$s_p" "$s_r" "$s_f"
printf '| Splink %s (DuckDB %s) | %s | %s | %s | %s | %s | %s | %s |\n' \
  ${splink_version% *} ${splink_version#* } "$records" "$k_wall" "$k_cpu" "$k_rss" "$k_p" "$k_r" "$k_f"
printf '| Splink ÷ sapnhap | | %s | %s | %s | | | |\n' \
  "$(ratio "$k_wall" "$s_wall")" "$(ratio "$k_cpu" "$s_cpu")" "$(ratio "$k_rss" "$s_rss")"
echo
echo "sapnhap's own stages that do what the Splink script does (read, normalise, match:"
echo "run.json of the same runs; the rest of a merge is its org chart, rosters, conflicts"
echo "and report): $(col 7) s, Splink ÷ those stages $(ratio "$k_wall" "$(col 7)")."
if [[ $repeat -gt 1 ]]; then
  echo
  echo "Medians of $repeat rounds. Wall ratio of each round (Splink ÷ sapnhap, same round):"
  awk '{ printf "%.1f× ", $4 / $1 } END { print "" }' "$dir/rounds.txt"
  echo "Splink ÷ sapnhap's read + normalise + match stages, each round:"
  awk '{ printf "%.1f× ", $4 / $7 } END { print "" }' "$dir/rounds.txt"
fi
echo "project, outputs and logs in $dir" >&2
