# Sourced by ./vunet and scripts/test.sh: the one default for libtorch's OpenMP thread waiting.
# libtorch's OpenMP threads (libgomp) spin-wait for each other between operations. Spinning forever
# (OMP_WAIT_POLICY=ACTIVE) wastes the cores when anything else runs (measured: 0.23 vs 8.6 frames/s at 64²,
# batch 1, under load); sleeping at once (PASSIVE) costs ~25 % at batch 1 on a quiet machine. A bounded spin
# of 1000 iterations (GOMP_SPINCOUNT, honoured only while OMP_WAIT_POLICY is unset) was near the best of both
# (scripts/bench-wait-policy.sh, 128² reference model, fp32 batch 1/4/8 frames/s, AMD EPYC with AVX-512 BF16,
# 2 cores): quiet 13.5/13.7/8.5 (PASSIVE 10.3-10.8/9.5-13.7/7.9-9.0, ACTIVE 12.1-12.2/13.8-15.8/7.7-8.3);
# beside one busy core 6.5/7.8/7.7 (PASSIVE 7.5-8.1/7.3-7.9/5.4-7.4, ACTIVE 4.6-6.0/5.8-6.3/5.2-6.0); on the
# real 1080p pipeline 17.7-18.0 frames/s against PASSIVE's 16.8-17.6. A policy or spin count the user set is kept.
if [[ -z "${OMP_WAIT_POLICY:-}" && -z "${GOMP_SPINCOUNT:-}" ]]; then
  unset OMP_WAIT_POLICY
  export GOMP_SPINCOUNT=1000
fi
