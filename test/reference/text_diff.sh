#!/bin/sh
# Golden outputs for test/unit/text-diff.test.ts: GNU diffutils `diff -U<n>` on the fixture texts
# below (each line ends in "\n"; the tests pass the same lines joined without a final newline,
# so both sides compare the same lines). Run: sh test/reference/text_diff.sh  (GNU diffutils 3.8)
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case_() { # name context old new   (old/new: lines separated by "|")
  printf '%s\n' "$3" | tr '|' '\n' >"$dir/a"
  printf '%s\n' "$4" | tr '|' '\n' >"$dir/b"
  echo "=== $1 (-U$2)"
  diff -U"$2" --label a --label b "$dir/a" "$dir/b" || true
}
case_ "one line changed" 3 "l1|l2|l3|l4|l5|l6|l7|l8|l9|l10" "l1|l2|l3|l4|L5|l6|l7|l8|l9|l10"
case_ "two distant changes" 1 "head|a|b|c|d|e|f|g|tail" "new head|head|a|b|c|d|e|f|g"
case_ "adjacent windows merge" 2 "a|b|c|d|e|f|g" "a|B|c|d|e|F|g"
case_ "insert only" 1 "a|b|c|d" "a|b|x|y|c|d"
case_ "delete only" 1 "a|b|x|y|c|d" "a|b|c|d"
case_ "prompt rewrite" 3 "You are {{agent}}, an SDR at {{company}}.|Be concise.|Never promise discounts.|Ask one question.|Sign off as {{agent}}." "You are {{agent}}, a friendly SDR at {{company}}.|Be concise.|Ask one question.|Mention {{pain_point}} once.|Sign off as {{agent}}."
