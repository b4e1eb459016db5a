#!/usr/bin/env bash
# Installs everything VUnetStream needs on a fresh Debian 12 machine with the .NET 10 SDK.
# Idempotent: each step checks first and does nothing when its work is already done.
#   - Debian packages: libgtk-3-0 (OpenCvSharp's native library links against it), ffmpeg (encoding),
#     chromium (the headless browser the web page's test drives)
#   - NuGet restore of the solution (TorchSharp + libtorch-cpu, OpenCvSharp, ...)
#   - pinned, checksummed model files from the npm registry (scripts/models.sh), cached outside git
#   - a build, during which the TorchSharp native-library fix for Debian 12 is applied (see README)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { echo "setup: $*" >&2; }

# darknet: only for its sample photo /usr/share/darknet/data/person.jpg, a real person the pose tests run on.
# libtcmalloc-minimal4: the allocator ./vunet preloads under libtorch (scripts/allocator.sh says why).
# chromium: the headless browser the web page's test (tests/VUnetStream.Service.Tests, BrowserPageTests) drives.
apt_packages=(libgtk-3-0 ffmpeg darknet chromium libtcmalloc-minimal4)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present: ${apt_packages[*]}"
fi

if ! command -v dotnet >/dev/null; then
  log "error: the .NET 10 SDK (dotnet) is not on PATH"
  exit 1
fi

if [[ -x "$root/scripts/models.sh" ]]; then
  "$root/scripts/models.sh"
fi

log "restoring and building (Release)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/VUnetStream.sln" -c Release -nologo -v quiet
touch "$root/src/Cli/bin/Release/.vunet-build-stamp"
log "done"
