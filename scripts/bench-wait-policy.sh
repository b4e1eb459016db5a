#!/usr/bin/env bash
# Compares OpenMP thread-waiting policies for the renderer on this machine, quiet and under contention,
# alternating the policies within each round so that drift in the machine's speed hits them all alike.
# libgomp reads these variables once at start-up, so every measurement is its own `vunet bench model` process.
# Usage: scripts/bench-wait-policy.sh [ROUNDS] [extra bench-model options...]   (run it alone on the machine)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"
shift || true
out="$(mktemp -d)"
policies=("OMP_WAIT_POLICY=PASSIVE" "OMP_WAIT_POLICY=ACTIVE" "GOMP_SPINCOUNT=1000" "GOMP_SPINCOUNT=10000" "GOMP_SPINCOUNT=100000")
"$root/vunet" --version >/dev/null   # builds once if needed
printf '%-26s %-6s %s\n' policy load "frames/s per batch (fp32 / bf16)"
for ((round = 1; round <= rounds; round++)); do
  for load in 0 1; do
    for policy in "${policies[@]}"; do
      json="$out/r${round}-l${load}-${policy//=/_}.json"
      # OMP_WAIT_POLICY is cleared for the spin-count runs: libgomp honours GOMP_SPINCOUNT only when no policy is set
      # (the launcher then keeps its hands off both).
      env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT "$policy" "$root/vunet" bench model --load-threads "$load" --json "$json" --overwrite "$@" >/dev/null 2>&1
      python3 - "$policy" "$load" "$json" <<'PY'
import json, sys
policy, load, path = sys.argv[1:]
d = json.load(open(path))
rates = [(k, v) for k, v in d.items() if k.startswith("render_frame_rate_") and k.rsplit("_", 1)[-1][:1] == "b" and k.rsplit("_", 1)[-1][1:].isdigit()]
print(f"{policy:<26} {load:<6} " + "  ".join(f"{k.replace('render_frame_rate_', '')}={v:.1f}" for k, v in rates))
PY
    done
  done
done
echo "JSON files: $out"
