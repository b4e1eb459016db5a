namespace VUnetStream.Render.Experiments;

/// <summary>Result of <see cref="AppearanceRetrieval.Top1"/>.</summary>
/// <param name="Top1">Share of queries whose nearest candidate shows their person (NaN without queries).</param>
/// <param name="Chance">1 / the number of distinct people among the candidates: what guessing scores.</param>
/// <param name="Queries">Queries ranked.</param>
/// <param name="People">Distinct people among the candidates.</param>
internal sealed record RetrievalResult(double Top1, double Chance, int Queries, int People);

/// <summary>
/// Whether a generated image shows the right person: find the candidate (a ground-truth image) nearest
/// to each query (a generated image) and check that it is of the person the query should show. A model
/// that ignores its appearance code makes every query alike, so all of them land on the same few
/// candidates and it scores about chance, however good its pixels look.
/// </summary>
internal static class AppearanceRetrieval
{
    /// <summary>
    /// Top-1 retrieval accuracy of <paramref name="queries"/> (query i should show
    /// <paramref name="queryPeople"/>[i]) among <paramref name="candidates"/> (candidate j shows
    /// <paramref name="candidatePeople"/>[j]). Candidates at a NaN distance (nothing comparable) are
    /// passed over; a query with no comparable candidate counts as a miss. Ties go to the first candidate.
    /// </summary>
    public static RetrievalResult Top1<T>(
        IReadOnlyList<T> queries, IReadOnlyList<string> queryPeople,
        IReadOnlyList<T> candidates, IReadOnlyList<string> candidatePeople,
        Func<T, T, double> distance)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(queryPeople);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(candidatePeople);
        ArgumentNullException.ThrowIfNull(distance);
        if (queries.Count != queryPeople.Count || candidates.Count != candidatePeople.Count)
        {
            throw new ArgumentException(
                $"{queries.Count} queries with {queryPeople.Count} people, {candidates.Count} candidates with {candidatePeople.Count} people");
        }

        int people = candidatePeople.Distinct(StringComparer.Ordinal).Count();
        double chance = people == 0 ? double.NaN : 1.0 / people;
        int hits = 0;
        for (int i = 0; i < queries.Count; i++)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int j = 0; j < candidates.Count; j++)
            {
                double d = distance(queries[i], candidates[j]);
                if (d < bestDistance)
                {
                    best = j;
                    bestDistance = d;
                }
            }

            if (best >= 0 && string.Equals(candidatePeople[best], queryPeople[i], StringComparison.Ordinal))
            {
                hits++;
            }
        }

        return new RetrievalResult(queries.Count == 0 ? double.NaN : (double)hits / queries.Count, chance, queries.Count, people);
    }
}
