#!/usr/bin/env sh
# Turns a source tree in which `npm ci` has run into the image's production tree: compiles to
# dist/ and removes the dev dependencies. The Dockerfile runs it, and so does the container test
# (which has no Docker engine), so both build the image the same way.
set -eu
npx tsc -p tsconfig.json
npm prune --omit=dev --offline --no-audit --no-fund
