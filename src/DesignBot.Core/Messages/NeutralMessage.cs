using System.Text.Json.Serialization;

namespace DesignBot.Core.Messages;

/// <summary>
/// A message as the core means it, before any platform sees it. Adapters render it to Block Kit,
/// an Adaptive Card or HTML. Text blocks use plain Markdown (**bold**, _italic_, `code`, [link](url)).
/// FallbackText is what notifications and screen readers show.
/// </summary>
public sealed record NeutralMessage(string FallbackText, IReadOnlyList<Block> Blocks);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(FieldsBlock), "fields")]
[JsonDerivedType(typeof(ProgressBlock), "progress")]
[JsonDerivedType(typeof(ButtonsBlock), "buttons")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(LinksBlock), "links")]
[JsonDerivedType(typeof(DocumentBlock), "document")]
[JsonDerivedType(typeof(ListBlock), "list")]
[JsonDerivedType(typeof(MentionsBlock), "mentions")]
public abstract record Block;

public sealed record HeaderBlock(string Text) : Block;
public sealed record TextBlock(string Markdown) : Block;
public sealed record Field(string Label, string Value);
public sealed record FieldsBlock(IReadOnlyList<Field> Fields) : Block;

public enum ProgressState { NotStarted, Active, Done }
public sealed record ProgressItem(string Label, int Done, int Total, ProgressState State);
public sealed record ProgressBlock(IReadOnlyList<ProgressItem> Items) : Block;

public enum ButtonStyle { Default, Primary, Danger }
public sealed record Button(string Text, string ActionId, string Value, ButtonStyle Style = ButtonStyle.Default);
public sealed record ButtonsBlock(IReadOnlyList<Button> Buttons) : Block;

public sealed record TableBlock(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;
public sealed record ContextBlock(string Text) : Block;

/// <summary>
/// A heading and all its items (a step's answers, the open items), each whole. A renderer that must shorten keeps the
/// items that fit and says how many it left out ("…and 3 more answers in the design document"): see <see cref="MessageFitter"/>.
/// Noun names one item ("answer"), for that line.
/// </summary>
public sealed record ListBlock(string Heading, IReadOnlyList<string> Items, string Noun) : Block;
/// <summary>
/// A link to open. With <see cref="MessageKey"/> it points at one of the review's own posted messages (the review card's
/// thread): the core cannot know a platform's address, so the dispatcher asks the channel client for the link when it
/// sends (<see cref="Turns.IChannelClient.LinkToAsync"/>) and puts it in Url; Url is the fallback when none can be had.
/// </summary>
public sealed record Link(string Text, string Url)
{
    /// <summary>The key of the posted message this link opens (e.g. <see cref="Reviews.ReviewState.CardKey"/>); null for a plain URL.</summary>
    public string? MessageKey { get; init; }
}
public sealed record LinksBlock(IReadOnlyList<Link> Links) : Block;

/// <summary>A file to hand over (the Markdown design document); platforms upload it, the playground shows it.</summary>
public sealed record DocumentBlock(string FileName, string MediaType, string Content) : Block;

/// <summary>
/// A line that notifies people: Text, then each person mentioned the platform's way (Slack `&lt;@U…&gt;`, Teams
/// `&lt;at&gt;Name&lt;/at&gt;` with its mention entity, the playground `@Name`). People carry the platform user id and the name.
/// </summary>
public sealed record MentionsBlock(string Text, IReadOnlyList<Events.UserRef> People) : Block;
