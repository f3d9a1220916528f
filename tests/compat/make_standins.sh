#!/usr/bin/env bash
# Builds the official aerospike-client-nodejs test suite's view of the client from compat:
#   tests/compat/make_standins.sh <suite-dir>
# <suite-dir> holds the suite's test/ folder (taken read-only from the official repository). This
# bundles src/compat/mod.ts into <suite-dir>/compat.cjs (Bun's bundler) and writes <suite-dir>/lib/ with
# one-line stand-ins for the paths the tests require (../lib/aerospike, ../lib/key, ...).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$(cd "$1" && pwd)"
"$repo/node_modules/.bin/bun" build "$repo/src/compat/mod.ts" --target=node --format=cjs --outfile="$dir/compat.cjs" >/dev/null
rm -rf "$dir/lib"
mkdir -p "$dir/lib/policies"
w() { printf '%s\n' "module.exports = require('$2')$3" >"$dir/lib/$1.js"; }
w aerospike ../compat.cjs ""
w key ../compat.cjs ".Key"
w record ../compat.cjs ".Record"
w info ../compat.cjs ".info"
w job ../compat.cjs ".Job"
w index_job ../compat.cjs ".IndexJob"
w udf_job ../compat.cjs ".UdfJob"
w error ../compat.cjs ".AerospikeError"
w status ../compat.cjs ".status"
w scan ../compat.cjs ".Scan"
w query ../compat.cjs ".Query"
w double ../compat.cjs ".Double"
w geojson ../compat.cjs ".GeoJSON"
w config ../compat.cjs ".Config"
w policies/base_policy ../../compat.cjs ".BasePolicy"
printf '%s\n' "{ \"name\": \"compat-suite\", \"private\": true, \"main\": \"lib/aerospike.js\" }" >"$dir/package.json"
# lib/utils: info.js uses its parseHostString.
cat >"$dir/lib/utils.js" <<'JS'
exports.parseHostString = (s) => { const i = s.lastIndexOf(':'); return { addr: s.slice(0, i), port: Number(s.slice(i + 1)) } }
JS
# lib/bigint is an internal helper of the official package that put.js and key.js load.
cat >"$dir/lib/bigint.js" <<'JS'
exports.BigInt = global.BigInt
exports.bigIntSupported = true
exports.isInt64 = (v) => -(2n ** 63n) <= BigInt(v) && BigInt(v) < 2n ** 63n
JS
