#!/usr/bin/env bash
# Issue 15 §3 on the lecture's names, as a user builds them from the package: one console app per order (2 with
# α = 1, 3–8 Kneser–Ney) on this tree's package, and orders 2 and 6 on the package of commit c44e274 (tables as
# string literals: the "before"). Each round builds every app from scratch (restore done) and again after editing
# one .cs file, the apps in turn (reversed every other round, so that a drift in the machine's load is shared),
# then runs each app to time its first use. Prints a table of medians; raw numbers in artifacts/builds/lecture/raw.tsv.
#
#   bench/builds/lecture-orders.sh            # 3 rounds
#   ROUNDS=5 RUNS=7 bench/builds/lecture-orders.sh
#   ORDERS="2 6" BEFORE="" bench/builds/lecture-orders.sh
#   ORDERS="2 6" BEFORE="" BASE="6" BASE_COMMIT=59658ce bench/builds/lecture-orders.sh   # and commit 59658ce's order 6
#
# Needs the lecture's names.txt (MAKEMORE_LECTURE_NAMES, else /work/shared/data/names.txt); it is referenced from the
# projects, never copied.
source "$(dirname "$0")/common.sh"
rounds=${ROUNDS:-3}
runs=${RUNS:-5}
orders=${ORDERS:-2 3 4 5 6 7 8}
before_orders=${BEFORE-2 6}
base_orders=${BASE-}
out="$work/lecture"
mkdir -p "$out"
[ -f "$lecture" ] || { echo "error: the lecture's names.txt is not at $lecture (set MAKEMORE_LECTURE_NAMES)" >&2; exit 1; }

echo "# $(stamp) packing"
pack_now || exit 1
[ -n "$before_orders" ] && { pack_before || exit 1; }
[ -n "$base_orders" ] && { pack_base || exit 1; }

# add_app NAME ORDER VERSION PROGRAM: the app NAME-oORDER on the package VERSION, its Program.cs written by PROGRAM.
apps=()
add_app() {
  local d="$out/$1-o$2"
  make_consumer "$d" "$3"
  if [ "$2" -le 2 ]; then add_model "$d" "$lecture" NameModel "$2"; else add_model "$d" "$lecture" NameModel "$2" KneserNey; fi
  "$4" "$d" NameModel
  restore "$d" || exit 1
  apps+=("$1-o$2")
}
for order in $orders; do add_app now "$order" "$now_version" write_program; done
for order in $before_orders; do add_app before "$order" "$before_version" write_program_before; done
for order in $base_orders; do add_app base "$order" "$base_version" write_program; done

raw="$out/raw.tsv"
echo -e "utc\tload1\tapp\tround\tkind\tseconds\tcpu_seconds\tcsc_seconds\tmaxrss_kb\tcsc_hwm_kb\tstatus" > "$raw"
for round in $(seq 1 "$rounds"); do
  list=("${apps[@]}")
  if [ $((round % 2)) -eq 0 ]; then mapfile -t list < <(printf '%s\n' "${apps[@]}" | tac); fi
  for app in "${list[@]}"; do
    d="$out/$app"
    for kind in full rebuild; do
      t=$(date -u +%H:%M:%S); l=$(cut -d' ' -f1 /proc/loadavg)
      if [ "$kind" = full ]; then r=$(full_build "$d" "$d/$kind-$round.log"); else r=$(rebuild "$d" "$d/$kind-$round.log"); fi
      read -r s u c m h st <<< "$r"
      echo -e "$t\t$l\t$app\t$round\t$kind\t$s\t$u\t$c\t$m\t$h\t$st" >> "$raw"
      echo "# $t load $l $app round $round $kind: $s s, CPU $u s (csc $c s, max rss $m KB) status $st"
      [ "$st" = 0 ] || { echo "error: $app failed to build, see $d/$kind-$round.log" >&2; grep -m3 'error' "$d/$kind-$round.log" >&2; }
    done
  done
done

# First use, in fresh processes, the apps in turn.
first="$out/first-use.tsv"
echo -e "utc\tload1\tapp\trun\tlaunch_to_first_name_ms\tfirst_sample_ms\tsecond_sample_us\tgc_total\tgc_heap\tworking_set\ttable_bytes" > "$first"
for run in $(seq 1 "$runs"); do
  for app in "${apps[@]}"; do
    t=$(date -u +%H:%M:%S); l=$(cut -d' ' -f1 /proc/loadavg)
    o=$(run_app "$out/$app") || continue
    get() { awk -v k="$1" '$1 == k {print $2}' <<< "$o"; }
    tb=$(grep -o 'table-bytes [0-9]*' <<< "$o" | cut -d' ' -f2)
    echo -e "$t\t$l\t$app\t$run\t$(get launch-to-first-name-ms)\t$(get first-sample-ms)\t$(get second-sample-us)\t$(awk '$1 == "gc-total" {print $2 "\t" $4 "\t" $6}' <<< "$o")\t${tb:--}" >> "$first"
  done
done

# The table: medians per app, ratios against this tree's order 2 (same run).
col() { awk -F'\t' -v a="$1" -v k="$2" -v c="$3" 'NR > 1 && $3 == a && $5 == k && $11 == 0 {print $c}' "$raw" | median; }
fcol() { awk -F'\t' -v a="$1" -v c="$2" 'NR > 1 && $3 == a {print $c}' "$first" | median; }
base_full=$(col now-o2 full 6); base_re=$(col now-o2 rebuild 6)
base_full_cpu=$(col now-o2 full 7); base_re_cpu=$(col now-o2 rebuild 7)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo
echo "Lecture names.txt, dotnet build -c Release --no-restore, compiler server off; medians of $rounds builds and $runs runs"
echo "($(awk -F'\t' 'NR == 2 {print $1}' "$raw")–$(tail -1 "$first" | cut -f1) UTC, load $(awk -F'\t' 'FNR > 1 {print $2}' "$raw" "$first" | sort -g | awk 'NR == 1 {a = $1} {b = $1} END {print a "–" b}'))"
echo
echo "| app | full build: wall s (× o2) | CPU s (× o2) | csc s | rebuild: wall s (× o2) | CPU s (× o2) | csc s | csc peak MB | dll bytes | table bytes | first Sample ms | 2nd Sample µs | launch→first name ms | GC total MB after |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for app in "${apps[@]}"; do
  f=$(col "$app" full 6); fu=$(col "$app" full 7); fc=$(col "$app" full 8)
  r=$(col "$app" rebuild 6); ru=$(col "$app" rebuild 7); rc=$(col "$app" rebuild 8); h=$(col "$app" full 10)
  printf '| %s | %s (%s×) | %s (%s×) | %s | %s (%s×) | %s (%s×) | %s | %.0f | %s | %s | %s | %s | %s | %.1f |\n' "$app" \
    "$f" "$(ratio "$f" "$base_full")" "$fu" "$(ratio "$fu" "$base_full_cpu")" "$fc" \
    "$r" "$(ratio "$r" "$base_re")" "$ru" "$(ratio "$ru" "$base_re_cpu")" "$rc" \
    "$(awk -v h="$h" 'BEGIN {print h / 1024}')" "$(dll_bytes "$out/$app")" \
    "$(fcol "$app" 11)" "$(fcol "$app" 6)" "$(fcol "$app" 7)" "$(fcol "$app" 5)" "$(awk -v g="$(fcol "$app" 8)" 'BEGIN {print g / 1048576}')"
done
