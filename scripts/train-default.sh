#!/usr/bin/env bash
# Trains the built-in default VUNet and installs it where `vunet` looks for it
# ($VUNET_MODELS/vunet-default, by default ~/.cache/vunetstream/models/vunet-default).
#
#   ./scripts/train-default.sh [--config FILE] [--people N] [--poses M] [--seed S] [--test-fraction F] [--threads T] [--until STEP]
#
# 1. makes a synthetic dataset (vunet synth dataset; seeded, so always the same one),
# 2. trains with the config (default configs/default-128.json, the committed default model); the run is resumable: run the
#    script again after Ctrl-C, a crash or --until and it continues exactly where it stopped,
# 3. when all steps are done: evaluates on the held-out split (eval.json), writes the three
#    experiment grids, and copies the final checkpoint into place (staged, then renamed).
# Nothing is written into the repository. The model weights stay out of git.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="$root/configs/default-128.json"
people=2000
poses=8
seed=11
test_fraction=0.05
threads=""
until=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --config) config="$2"; shift 2 ;;
    --people) people="$2"; shift 2 ;;
    --poses) poses="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --test-fraction) test_fraction="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --until) until="$2"; shift 2 ;;
    *) echo "train-default: unknown option $1" >&2; exit 2 ;;
  esac
done

models="${VUNET_MODELS:-$HOME/.cache/vunetstream/models}"
name="$(basename "$config" .json)"
work="$models/vunet-default.work/$name"
data="$models/vunet-default.work/synth-${people}x${poses}-seed${seed}"
final="$models/vunet-default"
log() { echo "train-default: $*" >&2; }

# Run from a private copy of the built program: a long run must not be disturbed by a rebuild of the
# checkout (./vunet rebuilds when sources change, rewriting the assemblies a running process uses).
"$root/vunet" --help >/dev/null
mkdir -p "$models/vunet-default.work"
cli="$models/vunet-default.work/cli"
rm -rf "$cli.partial"
cp -r "$root/src/Cli/bin/Release/net10.0" "$cli.partial"
rm -rf "$cli"
mv "$cli.partial" "$cli"
vunet() { DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet "$cli/vunet.dll" "$@"; }

# The image size the dataset is rendered at: the model's, read from the config.
size="$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["model"]; print(m["image_size"] if isinstance(m, dict) else int(m.split("-")[-1]))' "$config")"

mkdir -p "$models/vunet-default.work"
if [[ ! -f "$data/dataset.json" ]]; then
  log "synthetic dataset: $people people x $poses poses at ${size}px -> $data"
  vunet synth dataset --out "$data" --people "$people" --poses "$poses" --size "$size" --seed "$seed" --test-fraction "$test_fraction" --overwrite
fi

args=(train --data "$data" --out "$work")
if [[ -f "$work/latest.json" ]]; then
  args+=(--resume)
else
  # The work folder is this script's own: a start that died before its first checkpoint may have left files.
  args+=(--config "$config" --overwrite)
fi
[[ -n "$threads" ]] && args+=(--threads "$threads")
[[ -n "$until" ]] && args+=(--until "$until")
log "training ($config) -> $work"
start=$(date +%s)
status=0
vunet "${args[@]}" || status=$?
echo "$(date -u +%FT%TZ) session of $(( $(date +%s) - start )) s, exit $status" >> "$work/sessions.log"
if [[ $status -ne 0 ]]; then
  log "training stopped (exit $status); run this script again to continue"
  exit $status
fi

step="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["step"])' "$work/latest.json")"
total="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["training"]["steps"])' "$work/config.json")"
if [[ "$step" -lt "$total" ]]; then
  log "at step $step of $total; run this script again to continue"
  exit 0
fi

# Judged on people it never saw: a fresh dataset from another seed (54 test people, 4 poses each).
fresh="$models/vunet-default.work/fresh-seed99-${size}"
if [[ ! -f "$fresh/dataset.json" ]]; then
  vunet synth dataset --out "$fresh" --people 60 --poses 4 --size "$size" --seed 99 --test-fraction 0.9 --overwrite
fi
log "evaluating on $fresh and writing the experiment grids"
vunet eval --checkpoint "$work" --data "$fresh" --images 216 --transfers 216 --sample-poses 16 --json "$work/eval.json" --overwrite
vunet reconstruct --checkpoint "$work" --data "$fresh" --out "$work/reconstruct.png" --overwrite
vunet sample --checkpoint "$work" --data "$fresh" --out "$work/sample.png" --overwrite
vunet transfer --checkpoint "$work" --data "$fresh" --out "$work/transfer.png" --overwrite

checkpoint="$work/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checkpoint"])' "$work/latest.json")"
staging="$models/.vunet-default.partial-$$"
rm -rf "$staging"
mkdir -p "$staging"
# The weights (float16: half the size, read back into float32) and the sidecar are the model; the optimizer
# state stays with the training run.
rmdir "$staging"
vunet export-model --checkpoint "$checkpoint" --out "$staging" --dtype float16
cp "$work/eval.json" "$work/loss.png" "$work/config.json" "$work/reconstruct.png" "$work/sample.png" "$work/transfer.png" "$staging/"
cp "$work/sessions.log" "$staging/"
rm -rf "$final.old"
[[ -d "$final" ]] && mv "$final" "$final.old"
mv "$staging" "$final"
rm -rf "$final.old"
log "installed the default model in $final ($(du -sh "$final/model.safetensors" | cut -f1) of weights)"
