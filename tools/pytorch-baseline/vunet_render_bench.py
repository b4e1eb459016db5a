#!/usr/bin/env python3
"""The VUNet render benchmark in PyTorch eager: the baseline that `vunet bench model` is compared against.

The network is written here from the C# model (src/Render/Model): the same modules, widths, depths,
padding and sub-pixel orders, with the same parameter names, so that its state-dict keys and shapes are
those of the C# model (`--check` proves it on the tiny config). What is timed is what
`vunet bench model` times as "render float32 batch N": VUnet.Decode, i.e. the shape encoder over the
stickmen, the decoder with a fixed appearance code (posterior means of one person's crops, expanded to
the batch; no prior) and the output conv, under inference mode. One warm-up call, then calls until at
least --measure-seconds have passed (and at least 2 calls), as ModelBenchmark.TimePerCall does.

Run it through scripts/bench-pytorch.sh, which installs Debian's python3-torch and sets the same OpenMP
thread-waiting default as ./vunet. Arguments are parsed before torch is imported, so --help works
without it.
"""

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------------
# Configuration (VUnetConfig.cs)
# ---------------------------------------------------------------------------------------------------

IMAGE_CHANNELS = 3
CROP_CHANNELS = 24  # 8 body-part crops of 3 channels each
GROUP_COUNT = 4  # the autoregressive prior's 2x2 sub-pixel groups


@dataclass(frozen=True)
class VUnetConfig:
    """The hyper-parameters that fix the architecture; defaults are VUnetConfig's (the reference settings)."""

    image_size: int = 256
    box_factor: int = 2
    bottleneck_factor: int = 2
    base_filters: int = 32
    max_filters: int = 128
    res_blocks_per_scale: int = 2
    latent_scales: int = 2
    dropout: float = 0.1
    output_alpha: bool = False

    @property
    def output_channels(self):
        return IMAGE_CHANNELS + (1 if self.output_alpha else 0)

    @property
    def scales(self):
        """Number of U-Net resolutions: image_size ... image_size / 2^(scales - 1)."""
        return 1 + int(math.log2(self.image_size)) - self.bottleneck_factor

    @property
    def appearance_scales(self):
        """The appearance encoder starts at the crop size, box_factor scales below the image."""
        return self.scales - self.box_factor

    @property
    def crop_size(self):
        return self.image_size >> self.box_factor

    def resolution(self, scale):
        return self.image_size >> scale

    def filters(self, scale):
        return min(self.base_filters << scale, self.max_filters)

    @property
    def latent_shapes(self):
        """[C, H, W] per latent scale, coarsest first."""
        return [
            (self.filters(s), self.resolution(s), self.resolution(s))
            for s in (self.scales - 1 - i for i in range(self.latent_scales))
        ]

    def describe(self):
        return (f"image_size {self.image_size}, base_filters {self.base_filters}, max_filters {self.max_filters}, "
                f"box_factor {self.box_factor}, bottleneck_factor {self.bottleneck_factor}, latent_scales {self.latent_scales}"
                + (", output_alpha" if self.output_alpha else ""))

    def validated(self):
        # The same rules as VUnetConfig.Validated, so a size the C# side refuses is refused here too.
        s = self.image_size
        if s < 8 or s & (s - 1):
            raise ValueError(f"image_size must be a power of two of at least 8, got {s}")
        if self.base_filters < 1 or self.max_filters < self.base_filters:
            raise ValueError("filters must satisfy 1 <= base_filters <= max_filters")
        if self.res_blocks_per_scale < 2 or self.res_blocks_per_scale % 2:
            raise ValueError("res_blocks_per_scale must be even and at least 2")
        if self.bottleneck_factor < 0 or self.scales < 2:
            raise ValueError(f"bottleneck_factor {self.bottleneck_factor} leaves fewer than 2 scales")
        if not 1 <= self.latent_scales <= self.scales:
            raise ValueError("latent_scales must be between 1 and the number of scales")
        if self.box_factor < 0 or self.appearance_scales < self.latent_scales:
            raise ValueError("box_factor leaves the appearance encoder fewer scales than latent_scales")
        if self.resolution(self.scales - 1) < 2:
            raise ValueError("the coarsest latent grid must be at least 2x2 for the 4-group prior")
        return self


def reference_config(image_size):
    """VUnetConfig.Reference(size): what `vunet bench model --model-size SIZE` builds."""
    return VUnetConfig(image_size=image_size).validated()


# VUnetConfig.Tiny: the tests' small model.
TINY = VUnetConfig(image_size=64, base_filters=16, max_filters=32).validated()


def expected_parameter_count(c):
    """Parameters counted by hand from the architecture, a port of ArchitectureTests.ExpectedParameterCount.

    Independent of the modules below: --check asserts that both agree with each other and with the
    counts the C# tests pin.
    """
    def conv(inp, out, k):
        return out * inp * k * k + 2 * out  # weight_v + weight_g + bias

    def res(channels, skip):
        return (conv(skip, channels, 1) if skip else 0) + conv(2 * channels if skip else channels, channels, 3)

    def prior(channels):
        return res(channels, 0) + 4 * conv(4 * channels, channels, 3) + 3 * res(4 * channels, channels)

    n = c.res_blocks_per_scale
    fine = [c.filters(s) for s in range(c.scales)]
    app = [c.filters(s) for s in range(c.box_factor, c.box_factor + c.appearance_scales)]
    coarse = fine[::-1]

    def bottom_up(inp, widths):
        return conv(inp, widths[0], 1) + sum(
            n * res(w, 0) + (conv(w, widths[s + 1], 3) if s + 1 < len(widths) else 0) for s, w in enumerate(widths))

    posterior = conv(coarse[0], coarse[0], 1) + sum(
        n // 2 * res(coarse[l], coarse[l]) + conv(coarse[l], coarse[l], 3) + n // 2 * res(coarse[l], 2 * coarse[l])
        + (conv(coarse[l], 4 * coarse[l + 1], 3) if l + 1 < c.latent_scales else 0)
        for l in range(c.latent_scales))
    decoder = conv(coarse[0], coarse[0], 1) + sum(
        n * res(coarse[l], coarse[l])
        + ((prior(coarse[l]) + n // 2 * conv(2 * coarse[l], coarse[l], 1)) if l < c.latent_scales else 0)
        + (conv(coarse[l], 4 * coarse[l + 1], 3) if l + 1 < c.scales else 0)
        for l in range(c.scales))
    return bottom_up(CROP_CHANNELS, app) + posterior + bottom_up(IMAGE_CHANNELS, fine) + decoder + conv(fine[0], c.output_channels, 3)


# Figures the C# side prints or pins, for --check and for the comparison in a normal run.
#   parameters: ArchitectureTests (Tiny 2,737,030; Reference(256) 46,370,310) and `vunet bench model
#   --model-size 128` (44,269,574); the costs (GFLOP) are that bench's render_cost_128, encode_cost_128
#   and train_forward_cost_128.
CSHARP_PARAMETERS = {"tiny": 2_737_030, 128: 44_269_574, 256: 46_370_310}
CSHARP_REFERENCE_FIGURES = {
    128: {"parameters": 44_269_574, "render_cost": 8.296333312, "encode_cost": 1.052770304, "train_forward_cost": 10.041163776},
    256: {"parameters": 46_370_310},
}
# ArchitectureTests.Tiny_PinsParameterCountAndStateDictKeys: 258 state-dict entries "key:[shape]",
# sorted ordinally, joined by newlines; the first 16 hex digits of their SHA-256.
CSHARP_TINY_STATE_DICT = (258, "94F3C5A9DD59A0E1")


# ---------------------------------------------------------------------------------------------------
# Command line (parsed before torch is imported)
# ---------------------------------------------------------------------------------------------------

def int_list(text):
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated positive integers, got '{text}'")
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError(f"expected comma-separated positive integers, got '{text}'")
    return values


def parse_args(argv):
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    p = argparse.ArgumentParser(
        prog="scripts/bench-pytorch.sh",
        description="Render frames/s of the reference VUNet in PyTorch eager (the baseline for `vunet bench model`).")
    p.add_argument("--size", "--model-size", dest="sizes", type=int_list, default=[128],
                   help="model image sizes, reference config each, comma-separated (default 128)")
    p.add_argument("--batches", type=int_list, default=[1, 4, 8], help="render batch sizes (default 1,4,8)")
    p.add_argument("--bf16", action="store_true",
                   help="also time bfloat16: the model and inputs converted with .to(torch.bfloat16), and torch.autocast on the float32 model")
    p.add_argument("--threads", type=int, default=cores, help=f"torch intra-op threads (default: one per core, {cores} here)")
    p.add_argument("--measure-seconds", type=float, default=3.0, help="minimum seconds per timed measurement (default 3)")
    p.add_argument("--weight-norm", choices=["folded", "per-call"], default="folded",
                   help="folded: g·V/‖V‖ computed once into plain conv weights, as the pipeline's ModelLoader does (default); "
                        "per-call: recomputed in every forward, as `vunet bench model` without --checkpoint does")
    p.add_argument("--checkpoint", metavar="CKPT",
                   help="time this trained VUnetStream checkpoint instead (a folder with checkpoint.json and model.safetensors, "
                        "or either file; its config and weights, --size is ignored), as `vunet bench model --checkpoint` does")
    p.add_argument("--json", metavar="FILE", help="write the results as one JSON object to FILE (- for standard output)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --json file")
    p.add_argument("--check", action="store_true",
                   help="only verify the architecture: parameter counts and state-dict keys against the C# figures (tiny model, seconds)")
    args = p.parse_args(argv)
    if args.threads < 1 or args.measure_seconds <= 0:
        p.error("--threads must be positive and --measure-seconds positive")
    if args.json and args.json != "-" and os.path.exists(args.json) and not args.overwrite:
        p.error(f"--json {args.json} exists (use --overwrite to replace it)")
    try:
        if args.checkpoint:
            args.checkpoint_dir, config = read_checkpoint_config(args.checkpoint)
            args.configs = [config]
        else:
            args.configs = [reference_config(s) for s in args.sizes]
    except (OSError, ValueError, KeyError) as e:
        p.error(f"{'--checkpoint' if args.checkpoint else '--size'}: {e}")
    return args


def read_checkpoint_config(path):
    """(folder, VUnetConfig) of a checkpoint: its checkpoint.json's config.model (Checkpoint.Resolve, minus
    training output folders)."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path) if os.path.isfile(path) else path
    sidecar = os.path.join(folder, "checkpoint.json")
    with open(sidecar) as f:
        model = json.load(f)["config"]["model"]
    known = {k: model[k] for k in VUnetConfig.__dataclass_fields__ if k in model}
    return folder, VUnetConfig(**known).validated()


args = parse_args(sys.argv[1:]) if __name__ == "__main__" else None

import torch  # noqa: E402  (after the arguments, so that --help needs no torch)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# ---------------------------------------------------------------------------------------------------
# The network (src/Render/Model)
# ---------------------------------------------------------------------------------------------------


def space_to_depth(x):
    """TensorFlow's space_to_depth(2) on NCHW (SubpixelGroups.SpaceToDepth): position-major channels,
    channel (dy*2 + dx)*C + c holds x[c, 2i + dy, 2j + dx]. (torch.pixel_unshuffle is channel-major.)"""
    n, c, h, w = x.shape
    return x.reshape(n, c, h // 2, 2, w // 2, 2).permute(0, 3, 5, 1, 2, 4).reshape(n, 4 * c, h // 2, w // 2)


def depth_to_space(x):
    """Inverse of space_to_depth (SubpixelGroups.DepthToSpace)."""
    n, c4, h, w = x.shape
    c = c4 // 4
    return x.reshape(n, 2, 2, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, c, 2 * h, 2 * w)


class WeightNormConv2d(nn.Module):
    """W = g·V/‖V‖ (norm per output filter) plus bias; parameters weight_g [out,1,1,1], weight_v, bias.

    Initial values as the C# model: V ~ N(0, 0.05²), g = 1, b = 0, until a requested data-dependent init sets
    g and b from the next batch. Padding is TensorFlow's SAME: symmetric for stride 1; for stride 2 an
    explicit F.pad with the smaller half before (0 before, 1 after for k = 3), as the C# layer does.
    """

    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1):
        super().__init__()
        assert kernel_size % 2 == 1 and stride in (1, 2)
        self.in_channels, self.out_channels, self.kernel_size, self.stride = in_channels, out_channels, kernel_size, stride
        self.weight_v = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size).normal_(0.0, 0.05))
        self.weight_g = nn.Parameter(torch.ones(out_channels, 1, 1, 1))
        self.bias = nn.Parameter(torch.zeros(out_channels))
        # The effective weight cached for inference; a non-persistent buffer, so the state dict is the C# one
        # and model.to(dtype) converts it along with the parameters.
        self.register_buffer("folded", None, persistent=False)
        self.init_pending = False

    def weight(self):
        norm = self.weight_v.square().sum((1, 2, 3), keepdim=True).clamp_min(1e-24).sqrt()
        return self.weight_v * (self.weight_g / norm)

    def fold(self):
        """Computes g·V/‖V‖ once (WeightNormConv2d.FoldForInference)."""
        with torch.no_grad():
            self.folded = self.weight().detach().clone()

    def forward(self, x):
        if self.stride == 2:
            total = max(self.kernel_size - 2, 0)
            before = total // 2
            x = F.pad(x, (before, total - before, before, total - before))
            padding = 0
        else:
            padding = self.kernel_size // 2
        if self.init_pending:
            return self._initialize_from(x, padding)
        w = self.folded if self.folded is not None else self.weight()
        return F.conv2d(x, w, self.bias, stride=self.stride, padding=padding)

    def _initialize_from(self, x, padding):
        # g = 1/sqrt(var + 1e-10), b = -mean·g of this layer's own unit-weight outputs (population moments).
        with torch.no_grad():
            unit = self.weight_v / self.weight_v.square().sum((1, 2, 3), keepdim=True).clamp_min(1e-24).sqrt()
            y = F.conv2d(x, unit, None, stride=self.stride, padding=padding)
            mean = y.mean((0, 2, 3))
            var = y.var((0, 2, 3), unbiased=False)
            g = (var + 1e-10).rsqrt()
            self.weight_g.copy_(g.reshape(-1, 1, 1, 1))
            self.bias.copy_(-mean * g)
            self.init_pending = False
        return F.conv2d(x, self.weight(), self.bias, stride=self.stride, padding=padding)


class ResidualBlock(nn.Module):
    """x + conv3x3(dropout(elu(concat[x, nin(elu(a))]))) with a skip input a; without one, x + conv3x3(dropout(elu(x)))."""

    def __init__(self, channels, skip_channels, dropout):
        super().__init__()
        self.skip = WeightNormConv2d(skip_channels, channels, kernel_size=1) if skip_channels > 0 else None
        self.conv = WeightNormConv2d(2 * channels if skip_channels > 0 else channels, channels, kernel_size=3)
        self.dropout = dropout

    def forward(self, x, a=None):
        residual = x
        if self.skip is not None:
            residual = torch.cat([x, self.skip(F.elu(a))], 1)
        residual = F.elu(residual)
        if self.training and self.dropout > 0:
            residual = F.dropout(residual, self.dropout, training=True)
        return x + self.conv(residual)


class SubpixelUpsample(nn.Module):
    """3x3 conv to 4·C_out channels, then depth-to-space by 2 in TensorFlow's order."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = WeightNormConv2d(in_channels, 4 * out_channels, kernel_size=3)

    def forward(self, x):
        return depth_to_space(self.conv(x))


class EncoderScale(nn.Module):
    """Residual blocks without skips, then (except at the coarsest scale) a stride-2 conv to the next width."""

    def __init__(self, channels, next_channels, block_count, dropout):
        super().__init__()
        self.blocks = nn.ModuleList(ResidualBlock(channels, 0, dropout) for _ in range(block_count))
        self.down = WeightNormConv2d(channels, next_channels, kernel_size=3, stride=2) if next_channels > 0 else None

    def forward(self, x):
        activations = []
        for block in self.blocks:
            x = block(x)
            activations.append(x)
        return (x if self.down is None else self.down(x)), activations


class BottomUpEncoder(nn.Module):
    """dec_up over the stickman, enc_up over the part crops: a 1x1 'nin', then the scales fine to coarse.
    Returns every residual block's output, finest first (the skips of the top-down pass)."""

    def __init__(self, in_channels, widths, blocks_per_scale, dropout):
        super().__init__()
        self.nin = WeightNormConv2d(in_channels, widths[0], kernel_size=1)
        self.scales = nn.ModuleList(
            EncoderScale(w, widths[s + 1] if s + 1 < len(widths) else 0, blocks_per_scale, dropout) for s, w in enumerate(widths))

    def forward(self, x):
        activations = []
        h = self.nin(x)
        for scale in self.scales:
            h, outputs = scale(h)
            activations.extend(outputs)
        return activations


class AutoregressivePrior(nn.Module):
    """p(z | ŷ) at one latent scale over 4 sub-pixel groups (AutoregressivePrior.cs). Not used when rendering
    with a given appearance; built so the parameter count is the C# one, run for DDI and the training cost."""

    def __init__(self, channels, dropout):
        super().__init__()
        grouped = GROUP_COUNT * channels
        self.features = ResidualBlock(channels, 0, dropout)
        self.means = nn.ModuleList(WeightNormConv2d(grouped, channels, kernel_size=3) for _ in range(GROUP_COUNT))
        self.feedback = nn.ModuleList(ResidualBlock(grouped, channels, dropout) for _ in range(GROUP_COUNT - 1))

    def forward(self, h, teacher):
        """Teacher-forced prior means: the fed-back groups are the teacher's (training, data-dependent init)."""
        f = space_to_depth(self.features(h))
        teacher_groups = space_to_depth(teacher).chunk(GROUP_COUNT, 1)
        means = []
        for k in range(GROUP_COUNT):
            means.append(self.means[k](f))
            if k + 1 < GROUP_COUNT:
                f = self.feedback[k](f, teacher_groups[k])
        return depth_to_space(torch.cat(means, 1))


class DecoderScale(nn.Module):
    """One decoder scale (coarse to fine): pre blocks, [z merged in by a 1x1 conv per post block], post blocks, up."""

    def __init__(self, channels, next_channels, half_blocks, has_latent, dropout):
        super().__init__()
        self.pre = nn.ModuleList(ResidualBlock(channels, channels, dropout) for _ in range(half_blocks))
        self.prior = AutoregressivePrior(channels, dropout) if has_latent else None
        self.merge = (nn.ModuleList(WeightNormConv2d(2 * channels, channels, kernel_size=1) for _ in range(half_blocks))
                      if has_latent else None)
        self.post = nn.ModuleList(ResidualBlock(channels, channels, dropout) for _ in range(half_blocks))
        self.up = SubpixelUpsample(channels, next_channels) if next_channels > 0 else None

    def run_pre(self, h, skips):
        for block in self.pre:
            h = block(h, skips.pop())
        return h

    def run_post(self, h, z, skips):
        for i, block in enumerate(self.post):
            if self.merge is not None:
                h = self.merge[i](torch.cat([h, z], 1))
            h = block(h, skips.pop())
        return h if self.up is None else self.up(h)


class Decoder(nn.Module):
    """dec_down: a 1x1 conv of the coarsest shape activation, then coarse to fine with the shape encoder's
    activations as skips (popped from the coarsest), z injected at the latent scales."""

    def __init__(self, widths, latent_scales, blocks_per_scale, dropout):
        super().__init__()
        self.latent_scales = latent_scales
        self.nin = WeightNormConv2d(widths[0], widths[0], kernel_size=1)
        self.scales = nn.ModuleList(
            DecoderScale(w, widths[l + 1] if l + 1 < len(widths) else 0, blocks_per_scale // 2, l < latent_scales, dropout)
            for l, w in enumerate(widths))

    def forward(self, shape_activations, latents, teacher_forced=False):
        """Features at full resolution for the given latents (coarsest first); with teacher_forced also the
        prior means per latent scale (the training pass)."""
        skips = list(shape_activations)
        prior_means = []
        h = self.nin(shape_activations[-1])
        for l, scale in enumerate(self.scales):
            h = scale.run_pre(h, skips)
            z = None
            if scale.prior is not None:
                z = latents[l]
                if teacher_forced:
                    prior_means.append(scale.prior(h, z))
            h = scale.run_post(h, z, skips)
        return h, prior_means


class PosteriorScale(nn.Module):
    """One latent scale of the posterior: pre blocks, the mean (3x3 conv), post blocks whose skip is
    concat[encoder activation, z], up."""

    def __init__(self, channels, next_channels, half_blocks, dropout):
        super().__init__()
        self.pre = nn.ModuleList(ResidualBlock(channels, channels, dropout) for _ in range(half_blocks))
        self.mean = WeightNormConv2d(channels, channels, kernel_size=3)
        self.post = nn.ModuleList(ResidualBlock(channels, 2 * channels, dropout) for _ in range(half_blocks))
        self.up = SubpixelUpsample(channels, next_channels) if next_channels > 0 else None

    def run_pre(self, h, skips):
        for block in self.pre:
            h = block(h, skips.pop())
        return h

    def run_post(self, h, z, skips):
        for block in self.post:
            h = block(h, torch.cat([skips.pop(), z], 1))
        return h if self.up is None else self.up(h)


class PosteriorNetwork(nn.Module):
    """enc_down: q(z | x, ŷ), top-down over the appearance encoder's activations to the finest latent scale."""

    def __init__(self, widths, blocks_per_scale, dropout):
        super().__init__()
        self.nin = WeightNormConv2d(widths[0], widths[0], kernel_size=1)
        self.scales = nn.ModuleList(
            PosteriorScale(w, widths[l + 1] if l + 1 < len(widths) else 0, blocks_per_scale // 2, dropout)
            for l, w in enumerate(widths))

    def forward(self, encoder_activations, sample=False, generator=None):
        """(means, z) per latent scale, coarsest first (PosteriorNetwork.Run). The finer scale is conditioned on
        z = the coarser mean (sample=False: deterministic encoding) or mean + ε (sample=True: training)."""
        skips = list(encoder_activations)
        means, zs = [], []
        h = self.nin(encoder_activations[-1])
        for scale in self.scales:
            h = scale.run_pre(h, skips)
            mean = scale.mean(h)
            z = mean + torch.randn(mean.shape, generator=generator, dtype=mean.dtype) if sample else mean
            means.append(mean)
            zs.append(z)
            h = scale.run_post(h, z, skips)
        return means, zs


class VUnet(nn.Module):
    """The Variational U-Net with the C# module names: enc_up, enc_down, dec_up, dec_down, dec_params."""

    def __init__(self, config):
        super().__init__()
        self.config = config = config.validated()
        blocks = config.res_blocks_per_scale
        shape_widths = [config.filters(s) for s in range(config.scales)]
        appearance_widths = [config.filters(s) for s in range(config.box_factor, config.box_factor + config.appearance_scales)]
        latent_widths = [config.filters(config.scales - 1 - l) for l in range(config.latent_scales)]
        self.enc_up = BottomUpEncoder(CROP_CHANNELS, appearance_widths, blocks, config.dropout)
        self.enc_down = PosteriorNetwork(latent_widths, blocks, config.dropout)
        self.dec_up = BottomUpEncoder(IMAGE_CHANNELS, shape_widths, blocks, config.dropout)
        self.dec_down = Decoder(shape_widths[::-1], config.latent_scales, blocks, config.dropout)
        self.dec_params = WeightNormConv2d(shape_widths[0], config.output_channels, kernel_size=3)

    def convolutions(self):
        return [m for m in self.modules() if isinstance(m, WeightNormConv2d)]

    def parameter_count(self):
        return sum(p.numel() for p in self.parameters())

    def encode_appearance(self, crops):
        """VUnet.EncodeAppearance: the posterior means (the appearance code z), one tensor per latent scale."""
        means, _ = self.enc_down(self.enc_up(crops), sample=False)
        return means

    def decode(self, stickman, latents):
        """VUnet.Decode, the per-frame render: shape encoder, decoder with the given z (batch N or 1,
        expanded to the stickmen's batch as Latents.Expand does), output conv. No prior."""
        n = stickman.shape[0]
        z = [s if s.shape[0] == n else s.expand(n, -1, -1, -1) for s in latents]
        features, _ = self.dec_down(self.dec_up(stickman), z)
        return self.dec_params(features)

    def training_forward(self, stickman, crops, generator=None):
        """VUnet.Forward without the KL: posterior sample, teacher-forced prior, reconstruction. Used for the
        data-dependent init and the training-forward cost only (nothing here trains)."""
        _, z = self.enc_down(self.enc_up(crops), sample=True, generator=generator)
        features, _ = self.dec_down(self.dec_up(stickman), z, teacher_forced=True)
        return self.dec_params(features)


def state_dict_signature(model):
    """(entry count, first 16 hex digits of SHA-256) of the sorted "key:[shape]" lines, as the C# test hashes them."""
    entries = sorted(f"{k}:[{','.join(str(d) for d in v.shape)}]" for k, v in model.state_dict().items())
    return len(entries), hashlib.sha256("\n".join(entries).encode()).hexdigest().upper()[:16]


def load_checkpoint_weights(model, folder):
    """Loads the checkpoint's model.safetensors (float32, float16 or bfloat16, read into float32 as the C#
    loader does) with strict key and shape checks: a C# checkpoint loads only into the same network."""
    with open(os.path.join(folder, "model.safetensors"), "rb") as f:
        data = f.read()
    # safetensors: an 8-byte little-endian header length, a JSON header, then the raw little-endian tensors.
    header_length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + header_length])
    base = 8 + header_length
    dtypes = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64}
    state = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = bytearray(data[base + start:base + end])  # a writable copy: torch.frombuffer shares the memory
        tensor = torch.frombuffer(raw, dtype=dtypes[info["dtype"]]) if raw else torch.empty(0, dtype=dtypes[info["dtype"]])
        state[name] = tensor.reshape(info["shape"]).float()
    model.load_state_dict(state, strict=True)


# ---------------------------------------------------------------------------------------------------
# Inputs, initialisation, cost
# ---------------------------------------------------------------------------------------------------

# ModelBenchmark.StandingPose: COCO-18 keypoints of a standing person in a 128² image.
STANDING_POSE = [
    (64, 20), (64, 36), (48, 36), (40, 56), (36, 76), (80, 36), (88, 56), (92, 76),
    (54, 76), (52, 100), (50, 122), (74, 76), (76, 100), (78, 122), (60, 17), (68, 17), (56, 19), (72, 19),
]
RIGHT_LIMBS = [(10, 9), (9, 8), (8, 2), (2, 3), (3, 4)]  # ankle-knee-hip-shoulder-elbow-wrist
LEFT_LIMBS = [(13, 12), (12, 11), (11, 5), (5, 6), (6, 7)]
TORSO = [11, 5, 2, 8]  # LHip, LShoulder, RShoulder, RHip


def draw_stickman(size, shift):
    """A stickman [3, S, S] in [-1, 1] like Stickman.Draw (right limbs, left limbs, filled torso; neck and
    face lines left out): near enough to the C# bench's input for timing, not pixel-identical."""
    s = size / 128.0
    pts = [(x * s + shift, y * s) for x, y in STANDING_POSE]
    ys, xs = torch.meshgrid(torch.arange(size, dtype=torch.float32), torch.arange(size, dtype=torch.float32), indexing="ij")
    half = max(1, 3 * size // 128) / 2.0
    image = torch.zeros(3, size, size)

    def segment(channel, a, b):
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        t = (((xs - ax) * dx + (ys - ay) * dy) / max(dx * dx + dy * dy, 1e-9)).clamp(0, 1)
        near = ((xs - ax - t * dx) ** 2 + (ys - ay - t * dy) ** 2) <= half * half
        image[channel][near] = 1.0

    for a, b in RIGHT_LIMBS:
        segment(0, a, b)
    for a, b in LEFT_LIMBS:
        segment(1, a, b)
    # Inside the convex torso quadrilateral: on the same side of all four edges (either winding).
    sides = []
    for i in range(4):
        (ax, ay), (bx, by) = pts[TORSO[i]], pts[TORSO[(i + 1) % 4]]
        sides.append((bx - ax) * (ys - ay) - (by - ay) * (xs - ax))
    sides = torch.stack(sides)
    inside = (sides >= 0).all(0) | (sides <= 0).all(0)
    image[2][inside] = 1.0
    return image * 2.0 - 1.0


def synthetic_inputs(config, count, seed):
    """Stickmen of the standing pose shifted sideways per item, and part crops from a smooth random colour
    field (ModelBenchmark.SyntheticInputs paints a person on such a field and crops it)."""
    generator = torch.Generator().manual_seed(seed)
    size = config.image_size
    shifts = torch.randint(-size // 10, size // 10 + 1, (count,), generator=generator).tolist()
    stickmen = torch.stack([draw_stickman(size, shift) for shift in shifts])
    coarse = torch.rand(count, CROP_CHANNELS, 4, 4, generator=generator)
    crops = F.interpolate(coarse, size=(config.crop_size, config.crop_size), mode="bicubic", align_corners=False)
    return stickmen, (crops * 2.0 - 1.0).clamp(-1.0, 1.0)


def initialize_data_dependent(model, seed):
    """ModelBenchmark.InitializeForBenchmark: every conv's g and b set from its outputs on one training pass
    over 8 synthetic images (dropout off), so activations have unit scale as in the C# bench."""
    stickmen, crops = synthetic_inputs(model.config, 8, seed)
    convs = model.convolutions()
    for conv in convs:
        conv.init_pending = True
    model.eval()
    with torch.no_grad():
        model.training_forward(stickmen, crops, torch.Generator().manual_seed(seed + 1))
    missed = [c for c in convs if c.init_pending]
    if missed:
        raise RuntimeError(f"data-dependent init did not reach {len(missed)} convolutions")


def count_macs(model, run):
    """Multiply-accumulates per call of `run` over every executed conv: out_H·out_W·out_C·in_C·k² (ModelCost.CountMacs)."""
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        total += output.shape[2] * output.shape[3] * module.out_channels * module.in_channels * module.kernel_size ** 2

    handles = [conv.register_forward_hook(hook) for conv in model.convolutions()]
    try:
        with torch.inference_mode():
            run()
    finally:
        for h in handles:
            h.remove()
    return total


def costs_gflop(model):
    """(render per frame, encode per image, training forward per image) in GFLOP, 2 FLOP per MAC, at batch 1."""
    c = model.config
    stickman = torch.full((1, IMAGE_CHANNELS, c.image_size, c.image_size), -1.0)
    crops = torch.zeros(1, CROP_CHANNELS, c.crop_size, c.crop_size)
    latents = [torch.zeros(1, *shape) for shape in c.latent_shapes]
    render = count_macs(model, lambda: model.decode(stickman, latents))
    encode = count_macs(model, lambda: model.encode_appearance(crops))
    train = count_macs(model, lambda: model.training_forward(stickman, crops))
    return 2 * render / 1e9, 2 * encode / 1e9, 2 * train / 1e9


# ---------------------------------------------------------------------------------------------------
# Measuring and reporting
# ---------------------------------------------------------------------------------------------------


@dataclass
class Report:
    """Rows of (key, value, unit, description), printed as a table and written as one flat JSON object with
    a `units` map, in the style of MeasurementReport (keys name the quantity, never the unit)."""

    title: str
    rows: list = field(default_factory=list)

    def add(self, key, value, unit="", description=""):
        self.rows.append((key, value, unit, description))

    def table(self):
        lines = [("measurement", "value", "unit", "what it is")]
        for key, value, unit, description in self.rows:
            if isinstance(value, float):
                text = "n/a" if math.isnan(value) else (f"{value:.2f}" if abs(value) >= 1000 else f"{value:.4f}".rstrip("0").rstrip("."))
            else:
                text = str(value)
            lines.append((key, text, unit, description))
        widths = [max(len(line[i]) for line in lines) for i in range(4)]
        out = [self.title]
        for i, line in enumerate(lines):
            out.append(f"  {line[0].ljust(widths[0])}  {line[1].rjust(widths[1])}  {line[2].ljust(widths[2])}  {line[3]}".rstrip())
            if i == 0:
                out.append("  " + "-" * (sum(widths) + 6))
        return "\n".join(out) + "\n"

    def to_json(self, header):
        result = dict(header)
        units, descriptions = {}, {}
        for key, value, unit, description in self.rows:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                result[key] = value if math.isfinite(value) else None
                units[key] = unit
            else:
                result[key] = str(value)
            descriptions[key] = description
        result["units"] = units
        result["descriptions"] = descriptions
        return result


def time_per_call(call, minimum_seconds):
    """One warm-up call, then calls until minimum_seconds have passed and at least 2 were made (as the C# bench)."""
    call()
    calls = 0
    start = time.perf_counter()
    while True:
        call()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= minimum_seconds and calls >= 2:
            return elapsed / calls, calls, elapsed


def reset_peak_memory():
    # Linux: writing 5 to clear_refs resets VmHWM, so the next peak covers only what follows.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_memory_mib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def cpu_flags():
    """The CPU flags that decide the conv kernels (the C# bench prints the same set)."""
    wanted = ["avx2", "fma", "f16c", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile"]
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        flags = []
    present = [w for w in wanted if w in flags]
    return " ".join(present) if present else "unknown"


def allocator():
    """The malloc this process runs on: a preloaded tcmalloc/jemalloc (read from /proc/self/maps, as the C# side
    names its allocator) or glibc's."""
    try:
        with open("/proc/self/maps") as f:
            maps = f.read()
    except OSError:
        return "unknown"
    for name in ("tcmalloc", "jemalloc"):
        if name in maps:
            return name
    return "glibc"


def log(message):
    print(f"bench pytorch: {message}", file=sys.stderr, flush=True)


def measure_renders(report, key, description, label, render, stickmen, latents, batches, seconds, gflop):
    """Times render(stickmen[:b], latents) per batch; adds {key}_b{b} and the best rate as {key}."""
    best = 0.0
    for batch in batches:
        shape = stickmen[:batch].contiguous()
        per_call, calls, elapsed = time_per_call(lambda: render(shape, latents), seconds)
        fps = batch / per_call
        best = max(best, fps)
        log(f"{label}: {description} batch {batch}: {fps:.2f} frames/s ({calls} calls in {elapsed:.1f} s, {per_call * 1000:.1f} ms/call)")
        report.add(f"{key}_b{batch}", fps, "frames/s", f"{description}, batch {batch}")
    report.add(key, best, "frames/s", f"best {description} rate over batches {'/'.join(map(str, batches))}")
    report.add(key.replace("frame_rate", "compute_rate"), best * gflop, "GFLOP/s", "achieved conv throughput at that rate")
    return best


def conv_kernels(render, stickmen, latents, batches):
    """The aten conv backends a render call runs at the smallest and the largest batch (aten::mkldnn_convolution =
    oneDNN; aten::thnn_conv2d / _slow_conv2d_forward = im2col + BLAS, which PyTorch 1.13 picks for float32 3x3
    convs on small single-image inputs), read from the profiler: says which library the timings measure."""
    generic = {"aten::conv2d", "aten::convolution", "aten::_convolution"}
    parts = []
    for batch in sorted({min(batches), max(batches)}):
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profile:
            render(stickmen[:batch], latents)
        names = {event.key for event in profile.key_averages()}
        parts.append(f"b{batch}: " + (" ".join(sorted(n for n in names if "conv" in n and n not in generic)) or "?"))
    return "; ".join(parts)


def compare_outputs(report, prefix, label, output, reference):
    difference = (output.float() - reference).abs()
    report.add(f"{prefix}_max_abs_diff{label}", difference.max().item(), "", f"largest |{prefix} − fp32| of the raw outputs (range −1…1)")
    report.add(f"{prefix}_mean_abs_diff{label}", difference.mean().item(), "", f"mean |{prefix} − fp32| of the raw outputs")


def bench_size(config, args, report):
    size = config.image_size
    suffix = f"_{size}"
    label = f"{size}²"
    if args.checkpoint:
        log(f"{label}: loading {args.checkpoint_dir} ({config.describe()})")
        model = VUnet(config)
        load_checkpoint_weights(model, args.checkpoint_dir)
    else:
        log(f"{label}: building the reference model ({config.describe()}) and data-dependent init")
        torch.manual_seed(size)  # as the C# bench seeds with the size (the generators differ, the distribution does not)
        model = VUnet(config)
        initialize_data_dependent(model, seed=2)
    model.eval()

    parameters = model.parameter_count()
    render_gflop, encode_gflop, train_gflop = costs_gflop(model)
    formula = expected_parameter_count(config)
    if parameters != formula:
        raise RuntimeError(f"the model has {parameters} parameters but the architecture formula says {formula}")
    report.add(f"parameters{suffix}", parameters, "", f"trainable values, {label}")
    report.add(f"render_cost{suffix}", render_gflop, "GFLOP/frame", f"to render one frame (shape encoder + decoder, no prior), 2 FLOP/MAC, {label}")
    report.add(f"encode_cost{suffix}", encode_gflop, "GFLOP", f"to encode one appearance, {label}")
    report.add(f"train_forward_cost{suffix}", train_gflop, "GFLOP/image", f"training forward per image, {label}")
    known = CSHARP_REFERENCE_FIGURES.get(size, {}) if config == reference_config(size) else {}
    mine = {"parameters": parameters, "render_cost": render_gflop, "encode_cost": encode_gflop, "train_forward_cost": train_gflop}
    for name, theirs in known.items():
        same = abs(mine[name] - theirs) <= 1e-9 * max(abs(theirs), 1)
        log(f"{label}: {name} {mine[name]:.10g}, the C# bench's {theirs:.10g}: {'same' if same else 'DIFFERENT'}")
        if not same:
            raise RuntimeError(f"{name} differs from the C# model's: not the same network")

    if args.weight_norm == "folded":
        for conv in model.convolutions():
            conv.fold()

    stickmen, crops = synthetic_inputs(config, max(args.batches), seed=1)
    with torch.inference_mode():
        appearance = model.encode_appearance(crops[:1])

    def render(shape, latents):
        with torch.inference_mode():
            return model.decode(shape, latents)

    kernels = conv_kernels(render, stickmen, appearance, args.batches)
    log(f"{label}: float32 conv kernels: {kernels}")
    report.add(f"conv_kernels{suffix}", kernels, description=f"aten conv backends of a float32 render, {label}")
    reset_peak_memory()
    wn = "weight norm folded" if args.weight_norm == "folded" else "weight norm per call"
    best32 = measure_renders(report, f"render_frame_rate{suffix}", f"float32, inference mode, {wn}", label,
                             render, stickmen, appearance, args.batches, args.measure_seconds, render_gflop)
    report.add(f"peak_rss_render{suffix}", peak_memory_mib(), "MiB", f"peak resident memory while rendering float32 (model + batch {max(args.batches)})")
    report.add(f"load_average{suffix}", load_average(), "", f"1-min load average after the float32 timings ({os.cpu_count()} cores)")

    if args.bf16:
        reference = render(stickmen, appearance)

        def render_autocast(shape, latents):
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                return model.decode(shape, latents)

        # Autocast first, while the model is still float32: each conv casts its weight and input to bf16 per call.
        compare_outputs(report, "bf16_autocast", suffix, render_autocast(stickmen, appearance), reference)
        kernels = conv_kernels(render_autocast, stickmen, appearance, args.batches)
        log(f"{label}: autocast conv kernels: {kernels}")
        report.add(f"conv_kernels_bf16_autocast{suffix}", kernels, description=f"aten conv backends under autocast, {label}")
        measure_renders(report, f"render_frame_rate_bf16_autocast{suffix}", f"torch.autocast bfloat16 on the float32 model, {wn}",
                        label, render_autocast, stickmen, appearance, args.batches, args.measure_seconds, render_gflop)

        # Then as the C# bench and loader do it: the (folded) weights converted once, bf16 inputs.
        model.to(torch.bfloat16)
        stickmen16 = stickmen.to(torch.bfloat16)
        appearance16 = [z.to(torch.bfloat16) for z in appearance]
        compare_outputs(report, "bf16", suffix, render(stickmen16, appearance16), reference)
        kernels = conv_kernels(render, stickmen16, appearance16, args.batches)
        log(f"{label}: bfloat16 conv kernels: {kernels}")
        report.add(f"conv_kernels_bf16{suffix}", kernels, description=f"aten conv backends of a bfloat16 render, {label}")
        measure_renders(report, f"render_frame_rate_bf16{suffix}", f"bfloat16 weights and activations (.to(torch.bfloat16)), {wn}",
                        label, render, stickmen16, appearance16, args.batches, args.measure_seconds, render_gflop)
    del model
    return best32


def run_check(checkpoint_dir=None):
    """Verifies the architecture against the C# figures without timing anything: the tiny model's parameter
    count and state-dict keys and shapes (ArchitectureTests), the formula at the reference sizes, and with
    --checkpoint that the C# checkpoint's weights load (strictly) into the Python network."""
    failures = []

    def expect(what, actual, expected):
        ok = actual == expected
        print(f"check: {what}: {actual} (C#: {expected}) {'ok' if ok else 'MISMATCH'}")
        if not ok:
            failures.append(what)

    torch.manual_seed(0)
    tiny = VUnet(TINY)
    expect("tiny parameters", tiny.parameter_count(), CSHARP_PARAMETERS["tiny"])
    expect("tiny parameter formula", expected_parameter_count(TINY), CSHARP_PARAMETERS["tiny"])
    expect("tiny state-dict entries and hash", state_dict_signature(tiny), CSHARP_TINY_STATE_DICT)
    for size in (128, 256):
        expect(f"reference {size}² parameter formula", expected_parameter_count(reference_config(size)), CSHARP_PARAMETERS[size])
    # The render path end to end on the tiny model: finite, the right shape, the same with folded weights.
    initialize_data_dependent(tiny, seed=2)
    stickmen, crops = synthetic_inputs(TINY, 2, seed=1)
    with torch.inference_mode():
        z = tiny.encode_appearance(crops[:1])
        unfolded = tiny.decode(stickmen, z)
        for conv in tiny.convolutions():
            conv.fold()
        folded = tiny.decode(stickmen, z)
    expect("tiny render shape", list(folded.shape), [2, TINY.output_channels, 64, 64])
    expect("tiny render finite", bool(torch.isfinite(folded).all()), True)
    expect("folded = per-call weight norm (within 1e-4)", bool((folded - unfolded).abs().max() < 1e-4), True)
    if checkpoint_dir is not None:
        config = args.configs[0]
        model = VUnet(config)
        try:
            load_checkpoint_weights(model, checkpoint_dir)
            loaded = "every key and shape"
        except RuntimeError as e:  # load_state_dict names the missing, unexpected and mis-shaped keys
            loaded = str(e)
        expect(f"{checkpoint_dir} ({config.describe()}) loads", loaded, "every key and shape")
        with torch.inference_mode():
            stickmen, crops = synthetic_inputs(config, 1, seed=1)
            image = model.decode(stickmen, model.encode_appearance(crops))
        expect("its render finite", bool(torch.isfinite(image).all()), True)
    if failures:
        print(f"check: FAILED ({', '.join(failures)})")
        return 1
    print("check: the Python VUNet is the C# one (parameters, state-dict keys and shapes)")
    return 0


def git_commit():
    try:
        here = os.path.dirname(os.path.abspath(__file__))
        return subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def main():
    torch.set_num_threads(args.threads)
    mkldnn = torch.backends.mkldnn.is_available()
    parallel = next((line.strip() for line in torch.__config__.parallel_info().splitlines() if line.startswith("ATen parallel backend")), "?")
    # The build's oneDNN and BLAS lines ("Intel(R) MKL-DNN v2.x ...", "BLAS_INFO=open"), for the record.
    build = "; ".join(part.strip(" -") for line in torch.__config__.show().splitlines()
                      for part in ([line] if "MKL-DNN" in line or "oneDNN" in line else [p for p in line.split(",") if "BLAS_INFO" in p]))
    log(f"torch {torch.__version__}, torch.backends.mkldnn.is_available() = {mkldnn}, torch threads {torch.get_num_threads()}, "
        f"{os.cpu_count()} cores, {parallel}, CPU flags: {cpu_flags()}; build: {build or '?'}")
    if args.check:
        return run_check(args.checkpoint_dir if args.checkpoint else None)

    source = args.checkpoint_dir if args.checkpoint else "reference config, untrained (data-dependent init)"
    title = (f"bench pytorch: VUNet, {source}, PyTorch {torch.__version__} eager, "
             f"oneDNN {'yes' if mkldnn else 'no'}, {torch.get_num_threads()} torch threads, {os.cpu_count()} cores "
             f"(CPU flags: {cpu_flags()}), load average at start {load_average():.1f}, "
             f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}, GOMP_SPINCOUNT={os.environ.get('GOMP_SPINCOUNT', 'unset')}, "
             f"allocator {allocator()}")
    report = Report(title)
    report.add("torch_version", torch.__version__, description="torch.__version__")
    report.add("mkldnn_available", str(mkldnn).lower(), description="torch.backends.mkldnn.is_available()")
    report.add("threads", torch.get_num_threads(), "", "torch.get_num_threads()")
    report.add("torch_build", build or "?", description="oneDNN and BLAS lines of torch.__config__.show()")
    for config in args.configs:
        bench_size(config, args, report)
    last = f"_{args.configs[-1].image_size}"
    values = {key: (value, unit) for key, value, unit, _ in report.rows}
    for key in ("parameters", "render_cost", "render_frame_rate"):
        value, unit = values[key + last]
        report.add(key, value, unit, f"= {key}{last}")

    header = {
        "command": "bench-pytorch",
        "tool": "tools/pytorch-baseline/vunet_render_bench.py",
        "git_commit": git_commit(),
        "settings": {
            "size": ",".join(str(c.image_size) for c in args.configs),
            "batches": ",".join(map(str, args.batches)),
            "bf16": args.bf16,
            "threads": args.threads,
            "measure_seconds": args.measure_seconds,
            "weight_norm": args.weight_norm,
            "checkpoint": args.checkpoint,
            "json": args.json,
            "overwrite": args.overwrite,
            "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
            "gomp_spincount": os.environ.get("GOMP_SPINCOUNT"),
            "allocator": allocator(),
        },
    }
    table = report.table()
    if args.json == "-":
        sys.stderr.write(table)
        json.dump(report.to_json(header), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(table)
        if args.json:
            # Written under a temporary name and renamed, so a cut-off run leaves no half file.
            directory = os.path.dirname(os.path.abspath(args.json))
            os.makedirs(directory, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=directory, prefix=f".{os.path.basename(args.json)}.partial-", delete=False) as f:
                json.dump(report.to_json(header), f, indent=2)
                f.write("\n")
            os.replace(f.name, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
