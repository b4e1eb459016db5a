using System.Buffers.Binary;
using System.Text.Json;
using VUnetStream.Render.Training;

namespace VUnetStream.Render.Checkpoints;

/// <summary>One tensor entry of a safetensors header.</summary>
internal sealed record SafetensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End);

/// <summary>
/// Reads and checks the header of a safetensors file (8-byte little-endian header length, a JSON
/// object of name → {dtype, shape, data_offsets}, then the raw data), so shapes can be compared with a
/// model before any weight is loaded, and a truncated or foreign file is reported as such. Applies the
/// layout checks of the reference reader, so a file that passes loads in PyTorch's <c>safetensors</c>.
/// </summary>
internal static class SafetensorsHeader
{
    private static readonly Dictionary<string, int> DtypeSizes = new()
    {
        ["F64"] = 8, ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2, ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1, ["U8"] = 1, ["BOOL"] = 1,
    };

    public static IReadOnlyDictionary<string, SafetensorsEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: weights file not found", path);
        }

        using FileStream stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (shorter than its 8-byte header length)");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > 100_000_000 || (long)headerLength > stream.Length - 8)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (header length {headerLength} does not fit a {stream.Length}-byte file)");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = stream.Length - 8 - (long)headerLength;
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        try
        {
            using JsonDocument document = JsonDocument.Parse(header);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }

                string dtype = property.Value.GetProperty("dtype").GetString() ?? "";
                long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (!DtypeSizes.TryGetValue(dtype, out int size))
                {
                    throw new InvalidDataException($"{path}: tensor '{property.Name}' has unknown dtype '{dtype}'");
                }

                long expected = shape.Aggregate(1L, (a, b) => a * b) * size;
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != expected || offsets[1] > dataLength)
                {
                    throw new InvalidDataException(
                        $"{path}: tensor '{property.Name}' has data offsets [{string.Join(", ", offsets)}] that do not match its shape [{string.Join(", ", shape)}] {dtype} within {dataLength} data bytes (truncated file?)");
                }

                entries[property.Name] = new SafetensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (header is not the expected JSON: {ex.Message})", ex);
        }

        // What the reference reader (safetensors' Rust core) also insists on: the tensors tile the data
        // section exactly, in offset order, with no gap, overlap or trailing bytes.
        long expectedBegin = 0;
        foreach (SafetensorsEntry entry in entries.Values.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin != expectedBegin)
            {
                throw new InvalidDataException($"{path}: tensor '{entry.Name}' starts at byte {entry.Begin} of the data, expected {expectedBegin} (gap or overlap)");
            }

            expectedBegin = entry.End;
        }

        if (expectedBegin != dataLength)
        {
            throw new InvalidDataException($"{path}: the tensors cover {expectedBegin} bytes but the file has {dataLength} data bytes");
        }

        return entries;
    }
}
