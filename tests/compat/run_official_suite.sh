#!/usr/bin/env bash
# Runs the official aerospike-client-nodejs mocha suite against a real server, with either the
# official native client or aerolite's compat module loaded in its place, and prints per-file counts.
#
#   tests/compat/run_official_suite.sh <suite-dir> official|compat [test-file...]
#
# <suite-dir>: a scratch folder OUTSIDE this repository holding the suite's test/ folder, e.g.
#   git -C <mirror of aerospike/aerospike-client-nodejs> archive v6.3.0 test | tar x -C <suite-dir>
# and the suite's test dependencies installed there:
#   (cd <suite-dir> && npm i mocha@10 chai@4 deep-eql@4 semver@7 tmp@0.2 yargs@17 p-throttle@3 mocha-clean@1 choma@1)
# "official" loads node_modules/aerospike (the native client, a devDependency of this repo).
# Env: AS_HOST (127.0.0.1), AS_PORT (3000), AS_NS (bar), FILE_TIMEOUT seconds per file (300).
# Each file runs in its own mocha process (a hang in one file cannot take the others down); JSON
# results go to <suite-dir>/results/<mode>/<file>.json and the summary to <suite-dir>/results/<mode>.txt.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$(cd "$1" && pwd)"
mode="$2"
shift 2
cd "$dir"
case "$mode" in
  official)
    rm -rf lib compat.cjs
    ln -s "$repo/node_modules/aerospike/lib" lib
    printf '%s\n' '{ "name": "compat-suite", "private": true, "main": "lib/aerospike.js" }' >package.json ;;
  compat) rm -rf lib && "$repo/tests/compat/make_standins.sh" "$dir" ;;
  *) echo "mode must be official or compat" >&2; exit 2 ;;
esac
printf 'require:\n  - choma\n  - mocha-clean\n' >.mocharc.yml
if [ "$#" -gt 0 ]; then files=("$@"); else
  # Community Edition files: all but admin/enterprise and the ones testing the native code's internals.
  mapfile -t files < <(ls test/*.js | grep -vE '/(admin|enterprise|utils|bigint|command|test_helper)\.js$')
fi
out="results/$mode"
mkdir -p "$out"
export OPTIONS="--host ${AS_HOST:-127.0.0.1} --port ${AS_PORT:-3000} --namespace ${AS_NS:-bar} --totalTimeout 5000"
for f in "${files[@]}"; do
  name="$(basename "$f" .js)"
  timeout "${FILE_TIMEOUT:-300}" npx mocha --reporter json --reporter-option "output=$out/$name.json" --exit "$f" \
    >"$out/$name.log" 2>&1 || true
done
node - "$out" "${files[@]}" <<'JS' | tee "results/$mode.txt"
const fs = require('fs'); const path = require('path')
const [out, ...files] = process.argv.slice(2)
let P = 0, F = 0, S = 0
for (const f of files) {
  const name = path.basename(f, '.js'); let pass = 0, fail = 0, skip = 0, note = ''
  try {
    const r = JSON.parse(fs.readFileSync(path.join(out, name + '.json'), 'utf8'))
    pass = r.stats.passes; fail = r.stats.failures; skip = r.stats.pending
  } catch { fail = 1; note = ' (no result: load error or timeout, see ' + name + '.log)' }
  P += pass; F += fail; S += skip
  console.log(`${name.padEnd(20)} pass ${String(pass).padStart(4)}  fail ${String(fail).padStart(4)}  skip ${skip}${note}`)
}
console.log(`TOTAL                pass ${P}  fail ${F}  skip ${S}`)
JS
