#!/usr/bin/env bash
# Fetches the BlazePose landmark models (lite/full/heavy .tflite) from the npm package
# @mediapipe/pose (Apache-2.0) at a pinned version, checks the tarball's SHA-256, and unpacks
# the three model files into a cache outside git. Called by scripts/setup.sh.
#
# Cache folder: $VUNET_MODELS, or ~/.cache/vunetstream/models when unset (the pose stage reads
# the same variable). Idempotent: when all three files are present and match their recorded
# checksums nothing is fetched. A tarball whose checksum differs from the pinned one is an error.
set -euo pipefail

package="@mediapipe/pose"
version="0.5.1675469404"
# SHA-256 of mediapipe-pose-0.5.1675469404.tgz as served by the npm registry.
tarball_sha256="8bb349a7b3a3ba699df23be804ddd3b3eab810b50b15406894be257859388a84"
models=(pose_landmark_lite.tflite pose_landmark_full.tflite pose_landmark_heavy.tflite)

cache="${VUNET_MODELS:-$HOME/.cache/vunetstream/models}"
sums="$cache/SHA256SUMS"
log() { echo "models: $*" >&2; }

# The files are verified against the SHA256SUMS written when they were unpacked from the
# checked tarball, so a truncated or edited model file is fetched again.
if [[ -f "$sums" ]] && (cd "$cache" && sha256sum --quiet --check SHA256SUMS >/dev/null 2>&1) \
   && [[ "$(wc -l <"$sums")" -eq "${#models[@]}" ]]; then
  log "BlazePose models present and verified in $cache"
  exit 0
fi

if ! command -v npm >/dev/null; then
  log "error: npm is needed to fetch $package@$version (Debian: apt-get install npm)"
  exit 1
fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "fetching $package@$version with npm pack"
(cd "$work" && npm pack --silent "$package@$version" >/dev/null)
tgz="$(find "$work" -maxdepth 1 -name '*.tgz' -print -quit)"
if [[ -z "$tgz" ]]; then
  log "error: npm pack produced no tarball for $package@$version"
  exit 1
fi

actual="$(sha256sum "$tgz" | cut -d' ' -f1)"
if [[ "$actual" != "$tarball_sha256" ]]; then
  log "error: checksum mismatch for $(basename "$tgz"): expected $tarball_sha256, got $actual; not installing it"
  exit 1
fi

tar -xzf "$tgz" -C "$work" "${models[@]/#/package/}"
(cd "$work/package" && sha256sum "${models[@]}" >SHA256SUMS)
# Move each file into place whole (rename within one file system), the checksum list last.
for m in "${models[@]}"; do
  chmod 0644 "$work/package/$m"
  mv -f "$work/package/$m" "$cache/$m"
done
mv -f "$work/package/SHA256SUMS" "$sums"
log "installed ${models[*]} into $cache"
