#!/usr/bin/env bash
# Re-creates the committed regress workspace (regress/) from run_record.json with gait's own tools:
# `gait run record` makes the runpack, `gait regress init` turns it into a fixture. The output is
# deterministic (times come from the run record), so re-running it changes nothing unless the
# record or the tools changed.
#
#   bash examples/ci/make-fixture.sh            # uses the repository's built CLI
#   GAIT="gait" bash examples/ci/make-fixture.sh  # or an installed one
#   GAIT_REGRESS_DIR=/tmp/ws bash examples/ci/make-fixture.sh  # somewhere else
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gait="${GAIT:-node $here/../../packages/cli/dist/bin.js}"
workspace="${GAIT_REGRESS_DIR:-$here/regress}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

$gait run record --input "$here/run_record.json" --out-dir "$scratch" --json >/dev/null
rm -rf "$workspace"
mkdir -p "$workspace"
cd "$workspace"
$gait regress init --from "$scratch/runpack_run_refund_incident.zip" --name refund_incident
