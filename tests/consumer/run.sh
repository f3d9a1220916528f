#!/usr/bin/env bash
# Consumer tests of the npm package, as a user gets it: `deno task build`, `npm pack dist`, then in
# fresh projects outside the repository (only the npm registry is reached, for the tarball's own
# dependencies and @types/node):
#   - Node: `npm install <tarball>`; ES-module `import` and CommonJS `require` (esm.mjs, cjs.cjs)
#     put/get against an in-process mock, and against AEROSPIKE_HOSTS when it is set, with no tsx;
#   - TypeScript: consumer.ts and consumer.cts compile under strict, noUncheckedIndexedAccess,
#     exactOptionalPropertyTypes and skipLibCheck false (the repository's pinned tsc), and
#     neutral.ts with no runtime's types at all;
#   - Bun: `bun add <tarball>` installs no dev tools, and both scripts run on Bun;
#   - the `aerolite` bin, when the package has one: `npx aerolite --help`, and `info build` against
#     AEROSPIKE_HOSTS.
# Every script must exit by itself: each runs under `timeout`.
#   SKIP_BUILD=1      packs the dist/ already built (builds when there is none)
#   CONSUMER_ONLY=node  only the Node import/require runs (the real-server stage of .ci/run)
#   KEEP_WORK=1       keeps the temporary projects (their path is printed)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/consumer"
LIMIT=${CONSUMER_TIMEOUT:-120}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aerolite-consumer.XXXXXX")
if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
t0=$SECONDS
say() { echo "--- consumer: $* ($((SECONDS - t0))s)"; }
# The packages in ./node_modules: the package and its runtime dependencies, none of the dev tools.
no_dev_tools() {
  local installed
  installed=$(cd node_modules && ls -d -- * @*/* 2>/dev/null | grep -v '^@[^/]*$' | sort | tr '\n' ' ')
  say "installed with $1 ($(du -sk node_modules | cut -f1) KiB): $installed"
  case " $installed" in *" @aerolite/client "*) ;; *) echo "@aerolite/client is not installed" >&2 && exit 1 ;; esac
  if echo " $installed" | grep -E ' (deno|bun|aerospike|typescript|tsx|mitata|esbuild|@opentelemetry/[^ ]*|@types/node) '; then
    echo "a $1 install of the package pulled dev tools (above)" >&2
    exit 1
  fi
}

cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f dist/package.json ]; then
  say "build"
  npx deno task build
fi
TGZ="$WORK/$(npm pack ./dist --pack-destination "$WORK" --silent | tail -n 1)"
say "packed $(basename "$TGZ"): $(du -k "$TGZ" | cut -f1) KiB, $(tar -tzf "$TGZ" | wc -l) files"
if tar -tzf "$TGZ" | grep -E '_test\.|/tests/|/bench/|\.ts$' | grep -v '\.d\.ts$'; then
  echo "the tarball holds test, bench or TypeScript source files (above)" >&2
  exit 1
fi

# Node: ESM and CommonJS from a fresh project.
mkdir "$WORK/node"
cd "$WORK/node"
printf '{ "name": "consumer", "private": true, "type": "module" }\n' >package.json
say "npm install the tarball"
npm install --no-audit --no-fund "$TGZ" 2>&1 | tee npm.log
if grep -i "warn" npm.log; then
  echo "npm install of the package printed warnings (above)" >&2
  exit 1
fi
no_dev_tools npm
cp "$HERE/esm.mjs" "$HERE/cjs.cjs" .
say "node esm.mjs (import)"
timeout "$LIMIT" node esm.mjs
say "node cjs.cjs (require)"
timeout "$LIMIT" node cjs.cjs
if [ -x "$WORK/node/node_modules/@aerolite/client/esm/cli/main.js" ]; then
  say "npx aerolite --help"
  timeout "$LIMIT" npx --no-install aerolite --help >/dev/null
  if [ -n "${AEROSPIKE_HOSTS:-}" ]; then
    build=$(timeout "$LIMIT" npx --no-install aerolite info build -h "$AEROSPIKE_HOSTS")
    say "npx aerolite info build -h $AEROSPIKE_HOSTS: $build"
    [ -n "$build" ]
  fi
fi
[ "${CONSUMER_ONLY:-}" = node ] && { say "done (node only)"; exit 0; }

# TypeScript: the strictest consumer settings, then no runtime's types at all.
types_node=$(node -p "require('$ROOT/node_modules/@types/node/package.json').version")
say "npm install @types/node@$types_node"
npm install --no-audit --no-fund --save-dev "@types/node@$types_node" >/dev/null
cp "$HERE/consumer.ts" "$HERE/consumer.cts" "$HERE/neutral.ts" "$HERE/tsconfig.json" "$HERE/tsconfig.neutral.json" .
say "tsc -p tsconfig.json (strict consumer, ESM and CommonJS)"
node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json
say "tsc -p tsconfig.neutral.json (no runtime types)"
node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.neutral.json

# Bun: installs only the runtime dependency, and runs both scripts.
mkdir "$WORK/bun"
cd "$WORK/bun"
printf '{ "name": "consumer-bun", "private": true }\n' >package.json
say "bun add the tarball"
"$ROOT/node_modules/.bin/bun" add "$TGZ"
no_dev_tools bun
cp "$HERE/esm.mjs" "$HERE/cjs.cjs" .
timeout "$LIMIT" "$ROOT/node_modules/.bin/bun" esm.mjs
timeout "$LIMIT" "$ROOT/node_modules/.bin/bun" cjs.cjs
say "done"
