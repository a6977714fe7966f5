using System.Collections.Concurrent;
using DesignBot.Core.Events;

namespace DesignBot.Core.Turns;

/// <summary>
/// Fills in the display name of an event's user when the platform sent only an id (Slack events carry none): asked
/// once per platform user through the channel client, after the ack, and kept for the life of the process. When the
/// platform cannot say (it fails, is slow, or does not know the user), the turn goes on with the id as the name.
/// </summary>
public sealed class UserNames(IEnumerable<IChannelClient> clients)
{
    private const int MaxKept = 50_000;

    /// <summary>How long one lookup may take before the turn goes on without it.</summary>
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, IChannelClient> _clients = clients.ToDictionary(c => c.Platform, StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Platform, string UserId), string?> _known = new();

    /// <summary>The event as it is, when it names its user; else with the name looked up (or the id when none is known).</summary>
    public async Task<InboundEvent> ResolveAsync(InboundEvent inbound, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound.UnnamedMentions is { Count: > 0 })
            inbound = await NameMentionsAsync(inbound, cancellationToken);
        if (!string.IsNullOrWhiteSpace(inbound.User.Name))
            return inbound;
        var name = await NameOfAsync(inbound.Channel, inbound.User.Id, cancellationToken);
        return inbound with { User = inbound.User with { Name = name ?? inbound.User.Display } };
    }

    /// <summary>"@U123" in the text becomes "@alice" for each mentioned id the platform can name; the others stay as ids.</summary>
    private async Task<InboundEvent> NameMentionsAsync(InboundEvent inbound, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in inbound.UnnamedMentions!.Distinct().Take(20))
        {
            if (await NameOfAsync(inbound.Channel, id, cancellationToken) is { } name)
                names[id] = name;
        }
        string Named(string text) => names.Aggregate(text, (t, n) => t.Replace("@" + n.Key, "@" + n.Value, StringComparison.Ordinal));
        InboundEvent named = inbound switch
        {
            ThreadReplyEvent reply => reply with { Text = Named(reply.Text) },
            ReplyEditedEvent edit => edit with { Text = Named(edit.Text) },
            CommandEvent command => command with { Text = Named(command.Text) },
            _ => inbound,
        };
        return named with { UnnamedMentions = null };
    }

    private async Task<string?> NameOfAsync(ChannelRef channel, string userId, CancellationToken cancellationToken)
    {
        var key = (channel.Platform, userId);
        if (_known.TryGetValue(key, out var known))
            return known;
        if (!_clients.TryGetValue(channel.Platform, out var client))
            return null;
        string? name;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(LookupTimeout);
            name = await client.ResolveUserNameAsync(channel, userId, timeout.Token);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed lookup is not kept: the user's next event asks again.
            return null;
        }
        // A user the platform does not know stays unknown (null is kept too); a full cache starts over rather than grow.
        if (_known.Count >= MaxKept)
            _known.Clear();
        var kept = string.IsNullOrWhiteSpace(name) ? null : name;
        _known[key] = kept;
        return kept;
    }
}
