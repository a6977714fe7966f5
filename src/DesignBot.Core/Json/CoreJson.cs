using System.Text.Json;
using System.Text.Json.Serialization;
using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Json;

/// <summary>
/// Source-generated JSON for everything the core persists or hands over. No runtime type names: polymorphic
/// records carry a fixed "type" discriminator, and numbers are typed fields, so they round-trip as they were.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReviewState))]
[JsonSerializable(typeof(DialogState))]
[JsonSerializable(typeof(Answer))]
[JsonSerializable(typeof(InboundEvent))]
[JsonSerializable(typeof(OutboundMessage))]
[JsonSerializable(typeof(NeutralMessage))]
[JsonSerializable(typeof(PostedMessage))]
public sealed partial class CoreJsonContext : JsonSerializerContext;

public static class CoreJson
{
    public static string Serialize<T>(T value) =>
        JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)CoreJsonContext.Default.GetTypeInfo(typeof(T))!);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)CoreJsonContext.Default.GetTypeInfo(typeof(T))!)
        ?? throw new JsonException($"Empty JSON for {typeof(T).Name}.");
}
