#!/usr/bin/env bash
# Issue 15 §4 "Lists of any size", as a user builds them from the package: console apps whose lists are big, each
# built from scratch (restore done) in turn with the lecture's bigram app (the baseline, same run), ROUNDS times,
# with the build's time, csc's time and csc's peak resident memory; then each app run once for its table bytes.
#
#   cities      artifacts/lists/cities.txt (171,075 lines: spaces, diacritics) at order 6 Kneser–Ney
#   english     artifacts/lists/english-words.txt (274,937 lines) at order 6
#   gen1m       artifacts/lists/generated-1m.txt (1,000,000 lines) at order 4
#   three       the lecture split's train part (random.seed(42); random.shuffle; first 80 %) as three files, orders
#               5, 6 and 7, in one project
#   gen600k     the first 600,000 lines of generated-6m.txt at order 8 (once failed: "needs 9342346 slots")
#
#   bench/builds/big-lists.sh                      # every app, 3 rounds
#   APPS="cities english" ROUNDS=1 bench/builds/big-lists.sh
#
# Needs bench/lists/fetch-lists.sh run first (artifacts/lists/) and the lecture's names.txt.
source "$(dirname "$0")/common.sh"
rounds=${ROUNDS:-3}
wanted=${APPS:-cities english gen1m three gen600k}
out="$work/big"
mkdir -p "$out/lists"
for list in cities english-words generated-1m generated-6m; do
  [ -f "$lists/$list.txt" ] || { echo "error: $lists/$list.txt is missing: run bench/lists/fetch-lists.sh" >&2; exit 1; }
done

echo "# $(stamp) packing"
pack_now || exit 1

# The lecture split's train part (the lecture's own code), three copies: one model per path.
python3 - "$lecture" "$out/lists" <<'PY'
import random, sys
words = open(sys.argv[1], encoding="utf-8").read().splitlines()
random.seed(42)
random.shuffle(words)
train = words[:int(0.8 * len(words))]
assert sum(len(w) + 1 for w in train) == 182625, "not the lecture's split"
for order in (5, 6, 7):
    with open(f"{sys.argv[2]}/train-o{order}.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(train) + "\n")
PY
head -n 600000 "$lists/generated-6m.txt" > "$out/lists/generated-600k.txt"

apps=(bigram)
d="$out/bigram"; make_consumer "$d" "$now_version"; add_model "$d" "$lecture" NameModel 2; write_program "$d" NameModel
for app in $wanted; do
  d="$out/$app"
  make_consumer "$d" "$now_version"
  case $app in
    cities)  add_model "$d" "$lists/cities.txt" Cities 6 KneserNey; write_program "$d" Cities ;;
    english) add_model "$d" "$lists/english-words.txt" Words 6 KneserNey; write_program "$d" Words ;;
    gen1m)   add_model "$d" "$lists/generated-1m.txt" Generated 4 KneserNey; write_program "$d" Generated ;;
    gen600k) add_model "$d" "$out/lists/generated-600k.txt" Generated 8 KneserNey; write_program "$d" Generated ;;
    three)
      for order in 5 6 7; do add_model "$d" "$out/lists/train-o$order.txt" "Train$order" "$order" KneserNey; done
      write_program "$d" Train5 Train6 Train7 ;;
    *) echo "error: unknown app $app" >&2; exit 2 ;;
  esac
  apps+=("$app")
done
for app in "${apps[@]}"; do restore "$out/$app" || exit 1; done

raw="$out/raw.tsv"
echo -e "utc\tload1\tapp\tround\tkind\tseconds\tcpu_seconds\tcsc_seconds\tmaxrss_kb\tcsc_hwm_kb\tstatus" > "$raw"
for round in $(seq 1 "$rounds"); do
  for app in "${apps[@]:1}"; do
    for which in bigram "$app"; do # the baseline right before each big build
      d="$out/$which"
      t=$(date -u +%H:%M:%S); l=$(cut -d' ' -f1 /proc/loadavg)
      read -r s u c m h st <<< "$(full_build "$d" "$d/full-$round.log")"
      echo -e "$t\t$l\t$which\t$round\tfull\t$s\t$u\t$c\t$m\t$h\t$st" >> "$raw"
      echo "# $t load $l $which round $round: $s s, CPU $u s (csc $c s, csc peak $h KB, max rss $m KB) status $st"
      if [ "$st" != 0 ]; then echo "error: $which failed to build, see $d/full-$round.log" >&2; grep -m3 ' error ' "$d/full-$round.log" >&2; fi
    done
  done
done

col() { awk -F'\t' -v a="$1" -v c="$2" 'NR > 1 && $3 == a && $11 == 0 {print $c}' "$raw" | median; }
base=$(col bigram 6); base_cpu=$(col bigram 7)
echo
echo "Big lists, dotnet build -c Release --no-restore from scratch, compiler server off; medians of $rounds builds"
echo "($(awk -F'\t' 'NR == 2 {print $1}' "$raw")–$(tail -1 "$raw" | cut -f1) UTC, load $(awk -F'\t' 'NR > 1 {print $2}' "$raw" | sort -g | awk 'NR == 1 {a = $1} {b = $1} END {print a "–" b}'))"
echo
echo "| app | full build wall s | × bigram | CPU s | × bigram | csc s | csc peak MB | dll bytes | table bytes (run) | first Sample ms | pruned (MM0021) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for app in "${apps[@]}"; do
  d="$out/$app"
  f=$(col "$app" 6)
  [ "$f" = "?" ] && { echo "| $app | failed: $(grep -m1 -o 'error [A-Z]*[0-9]*:.*' "$d/full-1.log" | cut -c1-200) |"; continue; }
  o=$(run_app "$d" 2>&1)
  tb=$(grep -o 'table-bytes [0-9]*' <<< "$o" | cut -d' ' -f2 | paste -sd+)
  fs=$(awk '$1 == "first-sample-ms" {print $2}' <<< "$o")
  pruned=$(grep -o 'info MM0021: [^[]*' "$d/full-1.log" | sort -u | sed 's/info MM0021: //' | cut -c1-400 | paste -sd';')
  u=$(col "$app" 7)
  printf '| %s | %s | %.2f× | %s | %.2f× | %s | %.0f | %s | %s | %s | %s |\n' "$app" "$f" "$(awk -v a="$f" -v b="$base" 'BEGIN {print a / b}')" \
    "$u" "$(awk -v a="$u" -v b="$base_cpu" 'BEGIN {print a / b}')" "$(col "$app" 8)" \
    "$(awk -v h="$(col "$app" 10)" 'BEGIN {print h / 1024}')" "$(dll_bytes "$d")" "${tb:-?}" "${fs:-?}" "${pruned:-none}"
done
