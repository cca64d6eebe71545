#!/usr/bin/env python3
"""Compares a run.py --json-report with known-failures.txt (used by check.sh).

  gate.py REPORT LIST [--filtered]   exit 1 if a case outside LIST fails, a listed case passes,
                                     or (unfiltered) a listed case does not exist
  gate.py REPORT LIST --update       removes the listed cases that pass now (or no longer exist)
  gate.py REPORT LIST --init         writes LIST from scratch, grouped, one comment per group
                                     (only for the first list: afterwards it only shrinks)

LIST holds one `category/case_name` per line; `#` starts a comment; each group of entries
follows the comment lines that say why they fail.
"""
import json
import re
import sys

HEADER = """\
# Conformance cases (../shared/conformance) that aslplay fails today, grouped by why.
# tests/conformance/check.sh fails when a case outside this list fails, and when a listed case
# passes (then run `tests/conformance/check.sh --update`). Policy: this list only ever shrinks.
"""

# (group key, comment, test on the case's failure reason text and its actual result)
RULES = [
    ("python-lambda-error",
     "The recorded Lambda function was Python: its error JSON carried inside the output\n"
     "(stackTrace, requestId, key spacing) cannot come from a Node.js handler; run.py loosens\n"
     "only a top-level cause. Not fixable in the playground.",
     lambda r, a: "stackTrace" in r or "handler.py" in r),
    ("placeholders",
     "The recording holds test-specific placeholders (function names, HTTP header values, random\n"
     "numbers, UUIDs, start times) that run.py compares literally. Not fixable in the playground.",
     lambda r, a: bool(re.search(
         r'lambda_function\w*name|x-amzn-RequestId|expected "(RandomNumberGenerated|generated-uuid|start-time)"',
         r))),
    ("python-json",
     "The recorded function was Python: its response's JSON text differs from any Node.js\n"
     "handler's (0.0 vs 0: JavaScript has one number type; Content-Length counting Python's\n"
     "', ' and ': ' spacing). Not fixable in the playground.",
     lambda r, a: 'expected "0.0"' in r or "expected 0.0 " in r or "Content-Length" in r),
    ("raw-payload",
     "run.py's handler for a raw-bytes Lambda response returns the bytes' JSON text as a string,\n"
     "where AWS decodes it as JSON (a runner limitation).",
     lambda r, a: "HelloWorld!" in r),
    ("integrations",
     "Service integrations other than Lambda (DynamoDB, SNS, nested executions, task tokens) are\n"
     "not run by the playground (deliberate; see the README's differences).",
     lambda r, a: "The resource 'arn:aws:states:::" in str(a.get("cause"))),
    ("jsonata",
     "Interpreter: JSONata (QueryLanguage, Assign with JSONata) not implemented yet.",
     lambda r, a: "JSONata" in str(a.get("cause"))),
    ("intrinsics",
     "Interpreter: intrinsic functions (States.*) not implemented yet.",
     lambda r, a: "Intrinsic functions" in str(a.get("cause"))),
    ("jsonpath",
     "Interpreter: JSONPath slices, wildcards and filter expressions not implemented yet.",
     lambda r, a: bool(re.search(r"Array slices|wildcard|Filter expressions", str(a.get("cause"))))),
    ("distributed-map",
     "Interpreter: Distributed Map not implemented yet.",
     lambda r, a: "Distributed Map" in str(a.get("cause"))),
    ("not-supported",
     "Interpreter: a field the playground does not support yet.",
     lambda r, a: "not supported by the playground" in str(a.get("cause"))),
    ("rejects-valid",
     "Interpreter: the validator rejects a definition that AWS accepts.",
     lambda r, a: "got INVALID_DEFINITION" in r),
    ("accepts-invalid",
     "Interpreter: the validator accepts a definition that AWS rejects.",
     lambda r, a: "expected INVALID_DEFINITION" in r),
    ("task-timeout",
     "Interpreter: Task TimeoutSeconds details (paths, inside Map iterations) differ from AWS.",
     lambda r, a: "States.Timeout" in r or "MapIterationStarted got TaskStateEntered" in r),
    ("other",
     "Interpreter: status, output, error, cause or history differs from AWS (check.sh -v or\n"
     "run.py -v shows the first difference).",
     lambda r, a: True),
]


def entry(line):
    return line.split("#", 1)[0].strip()


def classify(case):
    r, a = case.get("reason") or "", case.get("actual") or {}
    for key, comment, test in RULES:
        if test(r, a):
            return key, comment
    return "other", RULES[-1][1]


def init(ran, failing, list_path):
    groups = {}
    for k in sorted(failing):
        key, _ = classify(ran[k])
        groups.setdefault(key, []).append(k)
    out = [HEADER]
    for key, comment, _ in RULES:
        if key not in groups:
            continue
        out.append("\n".join("# " + l for l in comment.splitlines()))
        out.append("\n".join(groups[key]) + "\n")
    with open(list_path, "w") as f:
        f.write("\n".join(out))
    print(f"known-failures.txt: {len(failing)} case(s) in {len(groups)} group(s)")


def update(lines, gone, list_path):
    # Blocks: comment lines, then the entries they explain. A block whose entries are all gone
    # goes with its comments; the header (a block without entries) stays.
    blocks, cur = [], {"notes": [], "entries": []}
    for l in lines:
        if not entry(l) and cur["entries"]:
            blocks.append(cur)
            cur = {"notes": [], "entries": []}
        (cur["entries"] if entry(l) else cur["notes"]).append(l)
    blocks.append(cur)
    out = []
    for blk in blocks:
        kept = [l for l in blk["entries"] if entry(l) not in gone]
        if blk["entries"] and not kept:
            continue
        out.extend(blk["notes"] + kept)
    with open(list_path, "w") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")
    print(f"known-failures.txt: removed {len(gone)} case(s) that pass now or no longer exist")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    report_path, list_path, flags = argv[1], argv[2], set(argv[3:])
    report = json.load(open(report_path))
    ran = {f"{c['category']}/{c['case']}": c for c in report["cases"]}
    failing = {k for k, c in ran.items() if not c["passed"]}
    filtered = "--filtered" in flags

    if "--init" in flags:
        if filtered:
            print("gate.py: --init needs a full run (no --filter)", file=sys.stderr)
            return 2
        init(ran, failing, list_path)
        return 0

    lines = open(list_path).read().splitlines()
    listed = {entry(l) for l in lines if entry(l)}
    unexpected = sorted(failing - listed)
    fixed = sorted(k for k in listed if k in ran and k not in failing)
    unknown = sorted(k for k in listed if k not in ran) if not filtered else []

    if "--update" in flags:
        update(lines, set(fixed) | set(unknown), list_path)
        fixed, unknown = [], []

    if unexpected:
        print(f"\nFAIL: {len(unexpected)} case(s) fail that are not in {list_path}:")
        for k in unexpected:
            print(f"  {k}: {ran[k]['reason']}")
    if fixed:
        print(f"\nFAIL: {len(fixed)} listed case(s) pass now: remove them from the list "
              f"(tests/conformance/check.sh --update):")
        for k in fixed:
            print(f"  {k}")
    if unknown:
        print(f"\nFAIL: {len(unknown)} listed case(s) do not exist (renamed or removed): remove them "
              f"(tests/conformance/check.sh --update):")
        for k in unknown:
            print(f"  {k}")
    known = len(failing & listed)
    violations = len(unexpected) + len(fixed) + len(unknown)
    print(f"\n{report['passed']} cases passed, {report['failed']} failed, of which {known} are known "
          f"failures ({len(listed)} listed)")
    # The gate's closing line: known failures count as skipped, violations as failed.
    print(f"conformance: {report['passed']} passed, {violations} failed, {known} skipped")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
