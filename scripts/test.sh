#!/usr/bin/env bash
# Runs the whole test suite (after ./scripts/setup.sh). Extra arguments go to `dotnet test`,
# e.g. ./scripts/test.sh --filter "FullyQualifiedName~Synth".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The commands' default thread waiting (a bounded spin unless the caller chose a policy).
source "$root/scripts/thread-waiting.sh"
results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test "$root/VUnetStream.sln" -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?
# One plain closing line over all test projects, counted from the TRX files.
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
