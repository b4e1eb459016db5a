namespace VUnetStream.Pose.Filtering;

/// <summary>
/// The One-Euro filter for one scalar signal sampled at a fixed rate (Casiez, Roussel, Vogel, CHI 2012):
/// an exponential low-pass whose cutoff rises with the signal's speed, so a still joint is held
/// steady and a moving one follows without much lag.
/// </summary>
internal sealed class OneEuroFilter(double minCutoff, double beta, double derivativeCutoff)
{
    private bool _initialised;
    private double _x;
    private double _dx;

    public void Reset() => _initialised = false;

    /// <summary>
    /// Filters the next sample; <paramref name="dt"/> is the time since the previous one (s).
    /// <paramref name="speedScale"/> converts the signal's speed to the units beta is given in
    /// (e.g. 1 / body height in pixels, so one beta suits people of any size in the frame).
    /// </summary>
    public double Filter(double value, double dt, double speedScale = 1.0)
    {
        if (!_initialised)
        {
            _initialised = true;
            _x = value;
            _dx = 0;
            return value;
        }

        double rawSpeed = (value - _x) / dt;
        _dx += Alpha(derivativeCutoff, dt) * (rawSpeed - _dx);
        double cutoff = minCutoff + beta * Math.Abs(_dx) * speedScale;
        _x += Alpha(cutoff, dt) * (value - _x);
        return _x;
    }

    // Smoothing factor of a first-order low-pass with the given cutoff frequency.
    private static double Alpha(double cutoff, double dt)
    {
        double tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / dt);
    }
}
