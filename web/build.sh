#!/bin/sh
# Builds web/dist/editor.js (the CodeMirror bundle). Run by Trunk's pre_build hook.
# Installs the npm devDependencies first when node_modules is missing or the lock changed.
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules ] || ! cmp -s package-lock.json node_modules/.asl-playground-lock; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.asl-playground-lock
fi
exec node_modules/.bin/esbuild src/editor.js --bundle --format=iife --minify --target=es2020 \
  --legal-comments=none --log-level=warning --outfile=dist/editor.js
