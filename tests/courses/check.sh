#!/usr/bin/env bash
# Checks every exercise of every built-in course (static/courses/*/course.json) with the CLI
# (`aslplay check`, handlers in Node.js): its starter must FAIL its checks, its reference
# solution must PASS them, and the wrong solution kept here (tests/courses/COURSE/NAME.wrong.asl.json,
# with NAME.wrong.handlers.json when it brings its own functions) must FAIL them.
# Needs target/release/aslplay (scripts/test builds it first).
set -euo pipefail
cd "$(dirname "$0")/../.."
aslplay=${ASLPLAY:-target/release/aslplay}
failures=0
count=0
for course in static/courses/*/course.json; do
  dir=$(dirname "$course")
  name=$(basename "$dir")
  mapfile -t exercises < <(node -e 'for (const e of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).exercises) console.log(e)' "$course")
  [ "${#exercises[@]}" -ge 10 ] || { echo "$course: a built-in course needs at least 10 exercises, has ${#exercises[@]}"; failures=$((failures + 1)); }
  for exercise in "${exercises[@]}"; do
    file="$dir/$exercise"
    base=$(basename "$exercise"); base=${base%.*}
    wrong="tests/courses/$name/$base.wrong.asl.json"
    handlers="tests/courses/$name/$base.wrong.handlers.json"
    count=$((count + 1))
    expect() { # expect WANT(0|1) WHAT ARGS...
      local want=$1 what=$2; shift 2
      local got=0 out
      out=$("$aslplay" check "$file" "$@" 2>&1) || got=$?
      if [ "$got" != "$want" ]; then
        echo "FAILED: $file: $what should $([ "$want" = 0 ] && echo pass || echo fail) its checks (exit $got):"
        echo "$out" | sed 's/^/    /'
        failures=$((failures + 1))
      fi
    }
    expect 1 "the starter"
    expect 0 "the reference solution" --solution
    if [ ! -f "$wrong" ]; then
      echo "FAILED: $file has no wrong solution at $wrong"
      failures=$((failures + 1))
    elif [ -f "$handlers" ]; then
      expect 1 "the wrong solution" --definition "$wrong" --handlers "$handlers"
    else
      expect 1 "the wrong solution" --definition "$wrong"
    fi
  done
done
echo "$count exercises: starter fails, solution passes, wrong solution fails; $failures problem(s)"
[ "$failures" = 0 ]
