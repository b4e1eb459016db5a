#!/usr/bin/env bash
# The appearance ablations of README "Why the old default model was grey": tiny 32² models, same data
# seed, same 800 steps, one row per change, each scored by the trainer's held-out appearance monitor
# (retrieval top-1 among 80 unseen people by part colours, and part-colour error / the mean person's).
#
#   ./scripts/ablate-appearance.sh --out DIR [--steps N] [--threads T]
#
# Writes DIR/data-{all,plain} (synth datasets, seed 21), DIR/ROW.json and DIR/run-ROW/, then
# DIR/ablation.md (the table). Rows that already finished are not run again. About 3 minutes a row alone
# on 2 cores. One seed: differences below ~0.15 in retrieval are within run-to-run noise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=""
steps=800
threads=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "ablate-appearance: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$out" ]] || { echo "ablate-appearance: --out DIR is required" >&2; exit 2; }
mkdir -p "$out"
vunet() { "$root/vunet" "$@"; }
[[ -f "$out/data-all/dataset.json" ]] || vunet synth dataset --out "$out/data-all" --people 400 --poses 6 --size 32 --seed 21 --test-fraction 0.2
[[ -f "$out/data-plain/dataset.json" ]] || vunet synth dataset --out "$out/data-plain" --people 400 --poses 6 --size 32 --seed 21 --test-fraction 0.2 --backgrounds plain

# name data alpha person_weight box_factor lr kl_end base max loss_network
row() {
  local name=$1 data=$2 alpha=$3 w=$4 box=$5 lr=$6 klend=$7 base=$8 max=$9 loss=${10}
  [[ -f "$out/run-$name/latest.json" ]] && return 0
  cat > "$out/$name.json" <<JSON
{ "model": { "image_size": 32, "base_filters": $base, "max_filters": $max, "box_factor": $box, "bottleneck_factor": 2, "output_alpha": $alpha },
  "training": { "batch_size": 8, "steps": $steps, "lr": $lr, "lr_constant_steps": $steps, "loss_network": "$loss",
    "kl_weight_start": 1e-6, "kl_weight_end": $klend, "kl_ramp_start": 0.25, "kl_ramp_end": 0.5, "person_loss_weight": $w,
    "init_images": 32, "checkpoint_interval": $steps, "sample_interval": $((steps / 2)), "log_interval": 50, "held_out_transfers": 200, "seed": 1 } }
JSON
  vunet train --data "$out/$data" --config "$out/$name.json" --out "$out/run-$name" --threads "$threads"
}
row paper            data-all   false 0  1 0.001  1e-6 16 32 none
row plain-bg         data-plain false 0  1 0.001  1e-6 16 32 none
row person-w4        data-all   false 4  1 0.001  1e-6 16 32 none
row alpha-w4         data-all   true  4  1 0.001  1e-6 16 32 none
row alpha-w4-box2    data-all   true  4  2 0.001  1e-6 16 32 none
row alpha-w4-kl1e-4  data-all   true  4  1 0.001  1e-4 16 32 none
row alpha-w4-lr3e-4  data-all   true  4  1 0.0003 1e-6 16 32 none
row alpha-w4-lr3e-3  data-all   true  4  1 0.003  1e-6 16 32 none
row alpha-w4-wide    data-all   true  4  1 0.001  1e-6 32 64 none
row alpha-w4-resnet  data-all   true  4  1 0.001  1e-6 16 32 resnet18
row alpha-w20-lr3e-4 data-all   true  20 1 0.0003 1e-6 16 32 none
row alpha-w4-lr3e-4-box2 data-all true 4 2 0.0003 1e-6 16 32 none

python3 - "$out" <<'PY'
import json, glob, os, sys
out = sys.argv[1]
lines = ["| row | retrieval top-1 (half / end) | part-colour error / mean person's (end) | images/s |", "|---|---|---|---|"]
for run in sorted(glob.glob(os.path.join(out, "run-*"))):
    rows = [json.loads(l) for l in open(os.path.join(run, "loss.jsonl")) if "heldout_retrieval_top1" in l]
    if len(rows) < 2: continue
    a, b = rows[0], rows[-1]
    # "image_rate" (images/s); runs logged before the keys lost their units have "images_per_second".
    rates = [r.get("image_rate", r.get("images_per_second")) for r in map(json.loads, open(os.path.join(run, "loss.jsonl")))]
    ips = sum(rates) / len(rates)
    lines.append(f"| {os.path.basename(run)[4:]} | {a['heldout_retrieval_top1']:.2f} / {b['heldout_retrieval_top1']:.2f} (chance {b['heldout_retrieval_chance']:.3f}) | {b['heldout_colour_error'] / b['heldout_mean_person_colour_error']:.2f} | {ips:.0f} |")
open(os.path.join(out, "ablation.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
