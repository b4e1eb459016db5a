using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Service.Storage;

/// <summary>
/// Every job of the service in one SQLite file (DATA/jobs.db), so that a restart loses none: state
/// changes are single UPDATE statements whose WHERE clause names the state they leave, which makes the
/// queue's claims and a client's cancel safe against each other without a lock of our own. Connections
/// are opened per call and not pooled: a call is rare next to a job's minutes, and nothing keeps the
/// file open once the service is gone.
/// </summary>
public sealed class JobStore
{
    private static readonly JsonSerializerOptions OptionsJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly string _connectionString;

    public JobStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
        using SqliteConnection connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS jobs (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                video_path TEXT NOT NULL,
                photo_path TEXT NOT NULL,
                photo_keypoints TEXT,
                dancer_keypoints TEXT,
                video_name TEXT NOT NULL,
                photo_name TEXT NOT NULL,
                options TEXT NOT NULL,
                state TEXT NOT NULL,
                frames_done INTEGER NOT NULL DEFAULT 0,
                frames_total INTEGER NOT NULL DEFAULT 0,
                error TEXT,
                created_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT
            );
            """);
    }

    public void Insert(ServiceJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO jobs (id, source, video_path, photo_path, photo_keypoints, dancer_keypoints, video_name, photo_name, options, state, created_at)
            VALUES ($id, $source, $video, $photo, $photoKeypoints, $dancerKeypoints, $videoName, $photoName, $options, $state, $created)
            """;
        command.Parameters.AddWithValue("$id", job.Id);
        command.Parameters.AddWithValue("$source", job.Source.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("$video", job.VideoPath);
        command.Parameters.AddWithValue("$photo", job.PhotoPath);
        command.Parameters.AddWithValue("$photoKeypoints", (object?)job.PhotoKeypoints ?? DBNull.Value);
        command.Parameters.AddWithValue("$dancerKeypoints", (object?)job.DancerKeypoints ?? DBNull.Value);
        command.Parameters.AddWithValue("$videoName", job.VideoName);
        command.Parameters.AddWithValue("$photoName", job.PhotoName);
        command.Parameters.AddWithValue("$options", JsonSerializer.Serialize(job.Options, OptionsJson));
        command.Parameters.AddWithValue("$state", JobStates.Name(job.State));
        command.Parameters.AddWithValue("$created", Time(job.CreatedAt));
        command.ExecuteNonQuery();
    }

    public ServiceJob? Get(string id)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<ServiceJob> List()
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM jobs ORDER BY seq";
        using SqliteDataReader reader = command.ExecuteReader();
        var jobs = new List<ServiceJob>();
        while (reader.Read())
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    /// <summary>Ids of the jobs waiting to run, oldest first.</summary>
    public IReadOnlyList<string> QueuedIds() =>
        List().Where(j => j.State == JobState.Queued).Select(j => j.Id).ToArray();

    /// <summary>Jobs per state (every state listed, 0 when none).</summary>
    public IReadOnlyDictionary<JobState, long> CountByState()
    {
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT state, COUNT(*) FROM jobs GROUP BY state";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[JobStates.Parse(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>A queued job becomes running; false when it is not queued any more (cancelled, or claimed by another loop).</summary>
    public bool TryClaim(string id, DateTimeOffset now) =>
        Update(id, JobState.Queued, "state = 'running', started_at = $now, frames_done = 0, frames_total = 0, error = NULL", now) == 1;

    /// <summary>
    /// A job a worker started (Kafka mode): queued becomes running; a running one stays running with a new
    /// start (a redelivery after a worker stopped). False for a job that has ended or was cancelled.
    /// </summary>
    public bool MarkStarted(string id, DateTimeOffset now)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            UPDATE jobs SET state = 'running', started_at = $now, frames_done = 0, frames_total = 0, error = NULL
            WHERE id = $id AND state IN ('queued', 'running')
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Time(now));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>The progress a worker reported (Kafka mode, where no runner of this process knows it).</summary>
    public void Progress(string id, int framesDone, int framesTotal)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE jobs SET frames_done = $done, frames_total = $total WHERE id = $id AND state = 'running'";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$done", framesDone);
        command.Parameters.AddWithValue("$total", framesTotal);
        command.ExecuteNonQuery();
    }

    /// <summary>A queued job is cancelled before it ran; false when it had already left the queue.</summary>
    public bool TryCancelQueued(string id, DateTimeOffset now) =>
        Update(id, JobState.Queued, "state = 'cancelled', finished_at = $now", now) == 1;

    /// <summary>A running job ends in <paramref name="state"/> (succeeded, failed or cancelled).</summary>
    /// <returns>False when it was not running (a duplicate report of its end changes nothing).</returns>
    public bool Finish(string id, JobState state, int framesDone, int framesTotal, string? error, DateTimeOffset now)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            UPDATE jobs SET state = $state, frames_done = $done, frames_total = $total, error = $error, finished_at = $now
            WHERE id = $id AND state = 'running'
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$state", JobStates.Name(state));
        command.Parameters.AddWithValue("$done", framesDone);
        command.Parameters.AddWithValue("$total", framesTotal);
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", Time(now));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>A running job goes back to the queue (the service stops while it runs); it starts again from the first frame.</summary>
    public bool Requeue(string id) =>
        Update(id, JobState.Running, "state = 'queued', started_at = NULL, frames_done = 0, frames_total = 0", DateTimeOffset.UtcNow) == 1;

    /// <summary>
    /// After a restart: jobs the store still calls running were cut off (the process died or was killed
    /// outright); they go back to the queue. Returns how many.
    /// </summary>
    public int RequeueInterrupted()
    {
        using SqliteConnection connection = Open();
        return Execute(connection, "UPDATE jobs SET state = 'queued', started_at = NULL, frames_done = 0, frames_total = 0 WHERE state = 'running'");
    }

    private int Update(string id, JobState from, string set, DateTimeOffset now)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"UPDATE jobs SET {set} WHERE id = $id AND state = $from";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$from", JobStates.Name(from));
        command.Parameters.AddWithValue("$now", Time(now));
        return command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static int Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static ServiceJob Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(r.GetOrdinal("id")),
        Source = Enum.Parse<JobSource>(r.GetString(r.GetOrdinal("source")), ignoreCase: true),
        VideoPath = r.GetString(r.GetOrdinal("video_path")),
        PhotoPath = r.GetString(r.GetOrdinal("photo_path")),
        PhotoKeypoints = NullableString(r, "photo_keypoints"),
        DancerKeypoints = NullableString(r, "dancer_keypoints"),
        VideoName = r.GetString(r.GetOrdinal("video_name")),
        PhotoName = r.GetString(r.GetOrdinal("photo_name")),
        Options = JsonSerializer.Deserialize<JobOptions>(r.GetString(r.GetOrdinal("options")), OptionsJson) ?? new JobOptions(),
        State = JobStates.Parse(r.GetString(r.GetOrdinal("state"))),
        FramesDone = r.GetInt32(r.GetOrdinal("frames_done")),
        FramesTotal = r.GetInt32(r.GetOrdinal("frames_total")),
        Error = NullableString(r, "error"),
        CreatedAt = ParseTime(r.GetString(r.GetOrdinal("created_at"))),
        StartedAt = NullableString(r, "started_at") is { } started ? ParseTime(started) : null,
        FinishedAt = NullableString(r, "finished_at") is { } finished ? ParseTime(finished) : null,
    };

    private static string? NullableString(SqliteDataReader reader, string column)
    {
        int ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    /// <summary>ISO 8601 in UTC, the form the API shows.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
