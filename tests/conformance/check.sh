#!/usr/bin/env bash
# Conformance gate: runs the executions recorded on AWS (../shared/conformance, beside the
# repository) through target/release/aslplay, histories included, and compares the failing
# cases with tests/conformance/known-failures.txt.
#
#   tests/conformance/check.sh            fails (exit 1) when a case outside the list fails, or
#                                         when a listed case now passes ("remove from the list")
#   tests/conformance/check.sh --update   removes the cases that pass now from the list (the list
#                                         only ever shrinks: new failures are never added by it)
#   any other arguments go to run.py (e.g. --filter '^lambda_tasks/' -v); a filtered run only
#   judges the listed cases it ran.
#
# It builds nothing: run `cargo build --release -p aslplay` first. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

update=0
filtered=0
args=()
for a in "$@"; do
  case "$a" in
    --update) update=1 ;;
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
[ -f "$list" ] || { echo "check.sh: $list missing" >&2; exit 2; }

report=$(mktemp "${TMPDIR:-/tmp}/aslplay-conformance.XXXXXX")
trap 'rm -f "$report"' EXIT
start=$SECONDS
set +e
python3 "$runner" --compare-history --json-report "$report" \
  --cmd "$bin run --definition {definition} --input {input} --handlers {handlers} --history" \
  ${args[@]+"${args[@]}"}
status=$?
set -e
if [ ! -s "$report" ]; then
  echo "check.sh: run.py wrote no report (exit $status)" >&2
  exit 2
fi
echo "conformance run took $((SECONDS - start)) s"

python3 - "$report" "$list" "$update" "$filtered" <<'PY'
import json
import sys

report_path, list_path = sys.argv[1], sys.argv[2]
update, filtered = sys.argv[3] == "1", sys.argv[4] == "1"
report = json.load(open(report_path))
ran = {f"{c['category']}/{c['case']}": c for c in report["cases"]}
failing = {k for k, c in ran.items() if not c["passed"]}

lines = open(list_path).read().splitlines()
listed = []
for line in lines:
    entry = line.split("#", 1)[0].strip()
    if entry:
        listed.append(entry)
listed_set = set(listed)

unexpected = sorted(failing - listed_set)
fixed = sorted(k for k in listed_set if k in ran and k not in failing)
unknown = sorted(k for k in listed_set if k not in ran)

if update:
    gone = set(fixed) | (set(unknown) if not filtered else set())
    # Blocks: comment lines, then the entries they explain. A block whose entries are all
    # gone goes with its comments; the file's header (a block without entries) stays.
    blocks, cur = [], {"notes": [], "entries": []}
    for l in lines:
        is_entry = bool(l.split("#", 1)[0].strip())
        if not is_entry and cur["entries"]:
            blocks.append(cur)
            cur = {"notes": [], "entries": []}
        (cur["entries"] if is_entry else cur["notes"]).append(l)
    blocks.append(cur)
    out = []
    for i, blk in enumerate(blocks):
        entries = [l for l in blk["entries"] if l.split("#", 1)[0].strip() not in gone]
        if blk["entries"] and not entries:
            continue
        out.extend(blk["notes"] + entries)
    with open(list_path, "w") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")
    print(f"known-failures.txt: removed {len(gone)} case(s) that pass now or no longer exist")
    fixed, unknown = [], []

ok = True
if unexpected:
    ok = False
    print(f"\nFAIL: {len(unexpected)} case(s) fail that are not in {list_path}:")
    for k in unexpected:
        print(f"  {k}: {ran[k]['reason']}")
if fixed:
    ok = False
    print(f"\nFAIL: {len(fixed)} listed case(s) pass now; remove them from the list "
          f"(tests/conformance/check.sh --update):")
    for k in fixed:
        print(f"  {k}")
if unknown and not filtered:
    ok = False
    print(f"\nFAIL: {len(unknown)} listed case(s) do not exist (renamed or removed); remove them:")
    for k in unknown:
        print(f"  {k}")
known = len(failing & listed_set)
violations = len(unexpected) + len(fixed) + (len(unknown) if not filtered else 0)
print(f"\n{report['passed']} cases passed, {report['failed']} failed, of which {known} are known "
      f"failures ({len(listed_set)} listed)")
# The gate's closing line: known failures count as skipped, violations as failed.
print(f"conformance: {report['passed']} passed, {violations} failed, {known} skipped")
sys.exit(0 if ok else 1)
PY
