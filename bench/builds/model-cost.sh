#!/usr/bin/env bash
# Issue 15: "generator work ≤ 500 ms" and the first use's cost without a process's start: the generator's model work
# (parse + ModelPlan.Make) and LanguageModel.FromRecipe, timed in wall and process CPU time by
# bench/Makemore.Benchmarks' `model-cost` mode, one fresh process per order (its first call is cold: tier-0 code and
# the JIT), the orders in turn, ROUNDS times. Prints medians of the warm calls and the cold first call.
#
#   bench/builds/model-cost.sh                      # the lecture's names, orders 2-8
#   LIST=artifacts/lists/cities.txt ORDERS="6" bench/builds/model-cost.sh
source "$(dirname "$0")/common.sh"
list=${LIST:-$lecture}
orders=${ORDERS:-2 3 4 5 6 7 8}
rounds=${ROUNDS:-3}
repeats=${REPEATS:-5}
out="$work/model-cost"
mkdir -p "$out"
echo "# $(stamp) building bench/Makemore.Benchmarks"
dotnet build "$root/bench/Makemore.Benchmarks" -c Release -p:UseSharedCompilation=false > "$out/build.log" 2>&1 || { echo "error: see $out/build.log" >&2; exit 1; }
bench="$root/bench/Makemore.Benchmarks/bin/Release/net10.0/Makemore.Benchmarks.dll"
raw="$out/raw.tsv"
echo -e "utc\tload1\torder\tround\twhat\tcall\twall_ms\tcpu_ms\tallocated_mb\tresult" > "$raw"
for round in $(seq 1 "$rounds"); do
  for order in $orders; do
    t=$(date -u +%H:%M:%S); l=$(cut -d' ' -f1 /proc/loadavg)
    dotnet "$bench" model-cost "$list" "$order" "$repeats" | sed "s/^/$t\t$l\t$order\t$round\t/" >> "$raw" || exit 1
  done
done
m() { awk -F'\t' -v o="$1" -v w="$2" -v cold="$3" -v c="$4" 'NR > 1 && $3 == o && $5 == w && (cold ? $6 == 0 : $6 > 0) {print $c}' "$raw" | median; }
echo "$(basename "$list"): model work and first use, medians over $rounds processes × $((repeats - 1)) warm calls (cold: the first call of each process)"
echo "($(awk -F'\t' 'NR == 2 {print $1}' "$raw")–$(tail -1 "$raw" | cut -f1) UTC, load $(awk -F'\t' 'NR > 1 {print $2}' "$raw" | sort -g | awk 'NR == 1 {a = $1} {b = $1} END {print a "–" b}'))"
echo
echo "| order | plan warm: wall ms | CPU ms | plan cold: wall ms | CPU ms | allocated MB | FromRecipe warm: wall ms | CPU ms | FromRecipe cold: wall ms | CPU ms | allocated MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for order in $orders; do
  echo "| $order | $(m "$order" plan 0 7) | $(m "$order" plan 0 8) | $(m "$order" plan 1 7) | $(m "$order" plan 1 8) | $(m "$order" plan 0 9) | $(m "$order" first-use 0 7) | $(m "$order" first-use 0 8) | $(m "$order" first-use 1 7) | $(m "$order" first-use 1 8) | $(m "$order" first-use 0 9) |"
done
