# Sourced by ./vunet: the native memory allocator under libtorch (VUNET_ALLOCATOR=tcmalloc|system).
# glibc's malloc hands every block above its mmap threshold (32 MiB at most) to a fresh mmap and returns
# it with munmap, so a tensor that large is page-faulted and zeroed again on every forward. At 128²,
# batch 8, the first level's float32 activations are 33.5 MB each: fp32 batch 8 rendered at 8.9-10.1
# frames/s against 13.3-13.5 at batch 4 (reference 128² model, Intel Xeon with AVX-512 BF16, 2 cores,
# quiet); with tcmalloc, which keeps freed spans for reuse, batch 8 ran at 13.3 and batch 4 at 12.8-14.3
# (jemalloc: 8.7-9.8 at every batch). The preload is for the vunet process only: it takes LD_PRELOAD
# out of its children's environment (ffmpeg, a browser) at start-up (see VUNET_PRELOADED).
if [[ "${VUNET_ALLOCATOR:-tcmalloc}" == tcmalloc && -z "${LD_PRELOAD:-}" ]]; then
  for lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4; do
    if [[ -f "$lib" ]]; then
      export LD_PRELOAD="$lib" VUNET_PRELOADED="$lib"
      # tcmalloc reports allocations above 1 GiB on stderr by default; a 256² batch can be one.
      export TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD="${TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD:-68719476736}"
      break
    fi
  done
fi
