#!/usr/bin/env bash
# The PyTorch eager baseline for `vunet bench model`: the same reference VUNet (written in Python from
# src/Render/Model), its render forward timed per batch in float32 and, with --bf16, bfloat16.
# Usage: scripts/bench-pytorch.sh [--size 128] [--batches 1,4,8] [--bf16] [--threads N] [--measure-seconds 3]
#                                 [--weight-norm folded|per-call] [--checkpoint CKPT] [--json FILE] [--overwrite] [--check]
#   --check only verifies the architecture against the C# model's figures (seconds, no timing).
# Optional and not part of setup.sh or CI: installs Debian's python3-torch (1.13 on Debian 12, oneDNN) and
# OpenBLAS when they are missing, then runs tools/pytorch-baseline/vunet_render_bench.py with Debian's own
# python3 (a python3 earlier on PATH, such as a pyenv one, does not see Debian's packages).
# Run it alone on the machine for real figures.
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

# libopenblas0: libtorch1.13 only recommends a BLAS and depends on any libblas.so.3, which on this image is the
# slow reference libblas3; a plain `apt install python3-torch` would pull OpenBLAS in with the recommends, so it is
# named here while the other recommends (a compiler toolchain, libtorch-dev) are left out.
packages=(python3-torch libopenblas0)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]} (once; 48 packages with their dependencies, about 82 MB to download and 410 MB installed on Debian 12)"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present: ${packages[*]}"
fi
blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || true)"
log "BLAS in use (libblas.so.3): ${blas:-unknown}"

# The same OpenMP thread-waiting default as ./vunet (a bounded spin unless the user set a policy), so that
# both sides of a comparison wait alike; Debian's torch uses GCC's libgomp, which reads the same variables.
# shellcheck source=scripts/thread-waiting.sh
source "$root/scripts/thread-waiting.sh"
# And the same native allocator (tcmalloc preloaded when installed; VUNET_ALLOCATOR=system for glibc's malloc),
# so that an allocator difference is not counted as a library difference.
# shellcheck source=scripts/allocator.sh
source "$root/scripts/allocator.sh"
log "allocator: ${LD_PRELOAD:-glibc malloc}"
exec "$python" "$bench" "$@"
