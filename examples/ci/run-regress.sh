#!/usr/bin/env bash
# Runs the example's regressions the way a CI job does: `gait regress run` with a JUnit report.
# Exit codes are gait's: 0 all checks pass, 5 a regression (a check failed), 6 invalid input.
#
#   GAIT                 command to run gait (default: node <repo>/packages/cli/dist/bin.js)
#   GAIT_REGRESS_DIR     workspace with gait.yaml and fixtures/ (default: examples/ci/regress)
#   GAIT_REGRESS_OUT     folder for regress_result.json and junit.xml (default: <workspace>/../gait-out)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gait="${GAIT:-node $here/../../packages/cli/dist/bin.js}"
workspace="$(cd "${GAIT_REGRESS_DIR:-$here/regress}" && pwd)"
out="${GAIT_REGRESS_OUT:-$here/gait-out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Fixture paths in gait.yaml are relative to the working directory, so run from the workspace.
cd "$workspace"
status=0
$gait regress run --output "$out/regress_result.json" --junit "$out/junit.xml" || status=$?
case "$status" in
  0) echo "regressions passed; JUnit report: $out/junit.xml" ;;
  5) echo "regression detected; see $out/junit.xml and $out/regress_result.json" >&2 ;;
  *) echo "gait regress run could not run (exit $status)" >&2 ;;
esac
exit "$status"
