#!/usr/bin/env bash
# The PyTorch eager baseline for `vunet bench model`: the same reference VUNet (written in Python from
# src/Render/Model), its render forward timed per batch in float32 and, with --bf16, bfloat16.
# Usage: scripts/bench-pytorch.sh [--size 128] [--batches 1,4,8] [--bf16] [--threads N] [--measure-seconds 3]
#                                 [--weight-norm folded|per-call] [--json FILE] [--overwrite] [--check]
#   --check only verifies the architecture against the C# model's figures (seconds, no timing).
# Optional and not part of setup.sh or CI: installs Debian's python3-torch (1.13 on Debian 12) when it is
# missing, then runs tools/pytorch-baseline/vunet_render_bench.py with Debian's own python3 (a python3 earlier
# on PATH, such as a pyenv one, does not see Debian's packages). Run it alone on the machine for real figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/tools/pytorch-baseline/vunet_render_bench.py"
python=/usr/bin/python3

log() { echo "bench-pytorch: $*" >&2; }

# --help needs no torch: the Python script parses its arguments before importing it.
for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    exec "${python}" "$bench" --help
  fi
done

if ! dpkg-query -W -f='${Status}' python3-torch 2>/dev/null | grep -q "install ok installed"; then
  log "installing Debian's python3-torch (a one-time ~100 MB download, ~500 MB installed with its libraries)"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
else
  log "python3-torch present"
fi

# The same OpenMP thread-waiting default as ./vunet (a bounded spin unless the user set a policy), so that
# both sides of a comparison wait alike; Debian's torch uses GCC's libgomp, which reads the same variables.
# shellcheck source=scripts/thread-waiting.sh
source "$root/scripts/thread-waiting.sh"
exec "$python" "$bench" "$@"
