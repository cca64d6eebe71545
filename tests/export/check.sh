#!/usr/bin/env bash
# The AWS tutorial and every built-in example, exported by `aslplay export` as an AWS SAM and
# as a plain CloudFormation template, in JSON and in YAML with the README block (--yaml, what
# the page's Export menu downloads), pass cfn-lint (the AWS CloudFormation linter) with no
# errors. Needs the release CLI and target/cfn-lint (scripts/setup --browser installs it).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${ASLPLAY:-target/release/aslplay}
lint=${CFN_LINT:-target/cfn-lint/bin/cfn-lint}
out=target/export-check
rm -rf "$out"
mkdir -p "$out"
for def in static/examples/*.asl.json; do
  id=$(basename "$def" .asl.json)
  # NAME.OTHER.asl.json is another machine of example NAME (a nested workflow's child).
  case $id in *.*) continue ;; esac
  # The example's function: the one its definition names.
  fn=$(grep -o ':function:[A-Za-z0-9_-]*' "$def" | head -1 | cut -d: -f3)
  python3 -c 'import json, sys; print(json.dumps({sys.argv[1]: open(sys.argv[2]).read()}))' \
    "$fn" "static/examples/$id.js" > "$out/$id.handlers"
  name=$(echo "$id" | tr -cd 'A-Za-z0-9-')
  for format in sam cloudformation; do
    "$bin" export --format "$format" --definition "$def" --handlers "$out/$id.handlers" \
      --name "$name" > "$out/$id.$format.json"
    "$bin" export --format "$format" --definition "$def" --handlers "$out/$id.handlers" \
      --name "$name" --yaml --input "static/examples/$id.input.json" > "$out/$id.$format.yaml"
  done
done
count=$(ls "$out"/*.json "$out"/*.yaml | wc -l)
"$lint" --version
"$lint" --non-zero-exit-code error -- "$out"/*.json "$out"/*.yaml
echo "$count templates pass cfn-lint"
