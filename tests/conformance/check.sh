#!/usr/bin/env bash
# Conformance gate: runs the executions recorded on AWS (../shared/conformance, beside the
# repository) through target/release/aslplay, histories included, and compares the failing
# cases with tests/conformance/known-failures.txt.
#
#   tests/conformance/check.sh            fails (exit 1) when a case outside the list fails, or
#                                         when a listed case now passes ("remove from the list")
#   tests/conformance/check.sh --update   removes the cases that pass now from the list (the list
#                                         only ever shrinks: new failures are never added by it)
#   tests/conformance/check.sh --init     writes the list from scratch, grouped by why (only for
#                                         the first list)
#   any other arguments go to run.py (e.g. --filter '^lambda_tasks/' -v); a filtered run only
#   judges the listed cases it ran.
#
# It builds nothing: run `cargo build --release -p aslplay` first. Needs python3 and node.
#
# Functions get a 6 s timeout instead of Lambda's default 3 s: the recorded functions' timeout
# was longer than their Tasks' TimeoutSeconds (5 s at most in the recordings), so AWS reports
# States.Timeout there; 6 s keeps that order at the least cost in run time.
#
# Every case runs as of 2026-11-24T00:00:00Z on the virtual clock (--start-time): the data set
# was built that day, and its time-dependent cases (meta.time_dependent) hold timestamps computed
# from "now" then (e.g. a Wait until now + 24,856 days, just past AWS's longest Wait of 2^31-1 s),
# so with the real date they would drift from AWS's recorded result as days pass.
set -euo pipefail
cd "$(dirname "$0")/../.."

update=0
init=0
filtered=0
args=()
for a in "$@"; do
  case "$a" in
    --update) update=1 ;;
    --init) init=1 ;;
    --filter|--filter=*) filtered=1; args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done

shared=${ASL_SHARED_DIR:-../shared}
runner="$shared/conformance/run.py"
bin=target/release/aslplay
list=tests/conformance/known-failures.txt
[ -f "$runner" ] || { echo "check.sh: $runner not found (../shared must sit beside the repository)" >&2; exit 2; }
[ -x "$bin" ] || { echo "check.sh: $bin missing; build it first: cargo build --release -p aslplay" >&2; exit 2; }
[ -f "$list" ] || [ "$init" = 1 ] || { echo "check.sh: $list missing" >&2; exit 2; }

report=$(mktemp "${TMPDIR:-/tmp}/aslplay-conformance.XXXXXX")
trap 'rm -f "$report"' EXIT
start=$SECONDS
set +e
python3 "$runner" --compare-history --json-report "$report" \
  --cmd "$bin run --definition {definition} --input {input} --handlers {handlers} --history --function-timeout 6 --start-time 2026-11-24T00:00:00Z --type {type}" \
  ${args[@]+"${args[@]}"}
status=$?
set -e
if [ ! -s "$report" ]; then
  echo "check.sh: run.py wrote no report (exit $status)" >&2
  exit 2
fi
echo "conformance run took $((SECONDS - start)) s"

gate_args=()
[ "$filtered" = 1 ] && gate_args+=(--filtered)
[ "$update" = 1 ] && gate_args+=(--update)
[ "$init" = 1 ] && gate_args+=(--init)
python3 tests/conformance/gate.py "$report" "$list" ${gate_args[@]+"${gate_args[@]}"}
