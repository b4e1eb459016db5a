using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using TorchSharp.Modules;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Data;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Losses;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using static TorchSharp.torch;

namespace VUnetStream.Render.Personalization;

/// <summary>One personalisation step as it finished: its loss terms and the time since personalisation began.</summary>
public sealed record PersonalizationStep(int Step, int Steps, double Loss, double PixelL1, double AlphaL1, double Kl, double ElapsedSeconds);

/// <summary>
/// Test-time personalisation, as iPERCore personalises its generator on the source image: a COPY of a trained VUNet
/// is fine-tuned for a few steps on the one target photo before it renders, so the look it gives that person is
/// fitted to that photo rather than to the average of the training people. The examples are the photo itself and
/// randomly changed copies of it (<see cref="PhotoAugmentation"/>: flips with left and right swapped, small
/// scale, rotation and shift, the same map applied to image, mask and keypoints). Each step is the trainer's own
/// (<see cref="Trainer"/>'s step: the checkpoint's reconstruction objective — person-weighted pixel term, alpha
/// against the mask, perceptual terms if the config has a loss network — plus β·KL with β where the checkpoint's
/// schedule stood when it was saved), in float32 on the CPU, with Adam from zero moments at a constant
/// <see cref="PersonalizationOptions.Lr"/>. The model it started from is never modified. Runs on the calling thread.
/// </summary>
public static class Personalizer
{
    /// <summary>
    /// A model of <paramref name="checkpoint"/> personalised on <paramref name="example"/>, ready for inference as
    /// <see cref="ModelLoader.Load"/> makes it (eval mode, on <paramref name="device"/>, weight normalisation folded
    /// in float32, then converted to <paramref name="dtype"/>). Loaded fresh from the checkpoint's file, so a model
    /// a cache shares between jobs is not touched. The caller owns the result.
    /// </summary>
    public static VUnet Personalize(
        Checkpoint checkpoint,
        PersonExample example,
        PersonalizationOptions options,
        Device? device = null,
        ScalarType? dtype = null,
        Action<PersonalizationStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var model = new VUnet(checkpoint.Config.Model);
        try
        {
            ModelWeights.Load(model, checkpoint.WeightsPath, checkpoint.Config.Model.Describe());
            FineTune(model, checkpoint.Config.Training, CheckpointBeta(checkpoint), example, options, progress, cancellationToken);
            ModelLoader.PrepareForInference(model, device, dtype);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A personalised deep copy of <paramref name="source"/> (float32 weights; folded or not, in any mode), in eval mode
    /// and float32, weights not folded; <paramref name="source"/>'s parameters are left exactly as they were.
    /// <paramref name="training"/> gives the objective (the source's training config), <paramref name="beta"/> the KL weight.
    /// </summary>
    public static VUnet FineTuneCopy(
        VUnet source,
        TrainingOptions training,
        double beta,
        PersonExample example,
        PersonalizationOptions options,
        Action<PersonalizationStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.WeightType != ScalarType.Float32)
        {
            throw new ArgumentException($"personalisation copies a float32 model, this one holds {source.WeightType} weights (load it again from its checkpoint)");
        }

        var copy = new VUnet(source.Config);
        try
        {
            Dictionary<string, Tensor> from = source.state_dict();
            using (no_grad())
            {
                foreach ((string name, Tensor tensor) in copy.state_dict())
                {
                    tensor.copy_(from[name]);
                }
            }

            FineTune(copy, training, beta, example, options, progress, cancellationToken);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>β where the checkpoint's KL schedule stood at the step it was saved: the balance its weights were trained under.</summary>
    public static double CheckpointBeta(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TrainingOptions training = checkpoint.Config.Training;
        return training.KlSchedule.At(Math.Min(checkpoint.Step, training.Steps), training.Steps);
    }

    /// <summary>The training options of the personalisation steps: the config's objective, the personalisation's rate, batch and seed, constant lr and β.</summary>
    internal static TrainingOptions StepOptions(TrainingOptions training, double beta, PersonalizationOptions options) => training with
    {
        BatchSize = options.BatchSize,
        Steps = options.Steps,
        Lr = options.Lr,
        LrConstantSteps = options.Steps,
        KlWeightStart = beta,
        KlWeightEnd = beta,
        Seed = options.Seed,
    };

    // Trains model in place (it must be a float32 module no one else uses); leaves it in eval mode.
    private static void FineTune(
        VUnet model, TrainingOptions training, double beta, PersonExample example, PersonalizationOptions options,
        Action<PersonalizationStep>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (example.Size != model.Config.ImageSize)
        {
            throw new ArgumentException($"the photo is {example.Size}² but the model renders {model.Config.ImageSize}²");
        }

        if (example.Mask is null && (model.Config.OutputAlpha || training.PersonLossWeight > 0))
        {
            throw new ArgumentException(model.Config.OutputAlpha
                ? "personalising a model with an alpha output needs the person's mask in the photo (its alpha is trained against it)"
                : "personalising a model trained with person_loss_weight needs the person's mask in the photo");
        }

        TrainingOptions stepOptions = StepOptions(training, beta, options);
        using PerceptualLoss loss = PerceptualLoss.Create(stepOptions.LossNetwork, stepOptions.LossWeights);
        using Adam optimizer = optim.Adam(model.parameters(), stepOptions.Lr, stepOptions.AdamBeta1, stepOptions.AdamBeta2);
        var random = new Random(options.Seed);
        var clock = Stopwatch.StartNew();
        model.train();
        try
        {
            for (int step = 0; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LossRecord record;
                using (ModelInputs batch = Batch(example, options, random, model.Config.BoxFactor))
                {
                    try
                    {
                        record = Trainer.TrainStep(model, loss, optimizer, batch, stepOptions, step, options.Steps, clock.Elapsed.TotalSeconds);
                    }
                    catch (NonFiniteModelException ex)
                    {
                        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                            $"personalisation diverged at step {step + 1} of {options.Steps} (lr {options.Lr}): {ex.Message.Split(';')[0]}"), ex);
                    }
                }

                progress?.Invoke(new PersonalizationStep(step + 1, options.Steps, record.Loss, record.PixelL1, record.AlphaL1, record.Kl, clock.Elapsed.TotalSeconds));
            }
        }
        finally
        {
            model.eval();
        }
    }

    /// <summary>One step's examples: the photo as it is, then <c>BatchSize − 1</c> random changes of it.</summary>
    internal static ModelInputs Batch(PersonExample example, PersonalizationOptions options, Random random, int boxFactor)
    {
        int size = example.Size;
        int count = options.BatchSize;
        var squares = new Mat[count];
        var masks = new Mat?[count];
        var poses = new PersonPose[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                PhotoAugmentation change = i == 0 ? PhotoAugmentation.Identity : PhotoAugmentation.Random(random, options.Augmentation);
                squares[i] = change.ApplyToImage(example.Image);
                masks[i] = example.Mask is null ? null : change.ApplyToMask(example.Mask);
                poses[i] = change.Apply(example.Pose, size);
            }

            Tensor? maskTensor = example.Mask is null ? null : MaskTensor(masks!, size);
            PoseSample[] samples = [.. Enumerable.Range(0, count).Select(i => new PoseSample(
                string.Create(CultureInfo.InvariantCulture, $"personalisation-{i}"), "", poses[i]))];
            ModelInputs inputs = ModelInputs.FromSquares(samples, squares, poses, boxFactor, maskTensor);
            squares = [];
            return inputs;
        }
        finally
        {
            foreach (Mat? m in squares)
            {
                m?.Dispose();
            }

            foreach (Mat? m in masks)
            {
                m?.Dispose();
            }
        }
    }

    // [N, 1, S, S] in [0, 1] from 8-bit masks, as ModelInputs reads a dataset's masks.
    private static Tensor MaskTensor(Mat?[] masks, int size)
    {
        var values = new float[masks.Length * size * size];
        var row = new byte[size * size];
        for (int i = 0; i < masks.Length; i++)
        {
            Mat mask = masks[i]!;
            System.Runtime.InteropServices.Marshal.Copy(mask.Data, row, 0, row.Length);
            for (int j = 0; j < row.Length; j++)
            {
                values[(i * row.Length) + j] = row[j] / 255f;
            }
        }

        return tensor(values, [masks.Length, 1, size, size], ScalarType.Float32);
    }
}
