using System.Text.Json.Nodes;

namespace DesignBot.Teams.Tests;

/// <summary>
/// Teams activities as a channel sends them (shaped after the captures in ../shared/fixtures/teams): mentions with their
/// entities, thread conversations <c>…;messageid=root</c>, channelData with team, channel and tenant.
/// </summary>
public sealed class Activities(string serviceUrl, string channelId = Activities.ChannelId)
{
    public const string BotId = "28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    public const string BotName = "DesignBot";
    public const string ChannelId = "19:6848757105754c8981c67612732d9aa7@thread.tacv2";
    public const string TeamId = "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2";
    public const string Tenant = "50612dbb-0237-4969-b378-8d42590f9c00";

    public static string UserId(string name) => $"29:1{name}-{name.Length}XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQ";

    /// <summary>A new channel post mentioning the bot: <c>@DesignBot text</c>.</summary>
    public JsonObject Command(string user, string text, long id) =>
        Message(user, $"<at>{BotName}</at> {System.Net.WebUtility.HtmlEncode(text)}", id, root: id, mentionsBot: true);

    /// <summary>A reply in the thread of <paramref name="root"/>.</summary>
    public JsonObject Reply(string user, string text, long id, string root) =>
        Message(user, System.Net.WebUtility.HtmlEncode(text), id, long.Parse(root, System.Globalization.CultureInfo.InvariantCulture), mentionsBot: false);

    public JsonObject Message(string user, string text, long id, long root, bool mentionsBot)
    {
        var activity = Base("message", id.ToString(System.Globalization.CultureInfo.InvariantCulture), user, $"{channelId};messageid={root}");
        activity["text"] = text;
        activity["textFormat"] = "plain";
        var entities = new JsonArray();
        if (mentionsBot)
            entities.Add(new JsonObject { ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName }, ["text"] = $"<at>{BotName}</at>", ["type"] = "mention" });
        entities.Add(new JsonObject { ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web", ["type"] = "clientInfo" });
        activity["entities"] = entities;
        activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = $"<p>{text}</p>" });
        return activity;
    }

    public JsonObject Edit(string user, string text, string messageId, string root)
    {
        var activity = Base("messageUpdate", messageId, user, $"{channelId};messageid={root}");
        activity["text"] = text;
        ((JsonObject)activity["channelData"]!)["eventType"] = "editMessage";
        return activity;
    }

    public JsonObject Delete(string user, string messageId, string root)
    {
        var activity = Base("messageDelete", messageId, user, $"{channelId};messageid={root}");
        ((JsonObject)activity["channelData"]!)["eventType"] = "softDeleteMessage";
        return activity;
    }

    /// <summary>An Action.Execute press on the card <paramref name="cardId"/> in the thread of <paramref name="root"/>.</summary>
    public JsonObject Execute(string user, JsonObject action, string cardId, string root)
    {
        var activity = Base("invoke", $"f:{Guid.NewGuid()}", user, $"{channelId};messageid={root}");
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = cardId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = action["title"]!.GetValue<string>(), ["verb"] = action["verb"]!.GetValue<string>(), ["data"] = action["data"]!.DeepClone() },
            ["trigger"] = "manual",
        };
        return activity;
    }

    public JsonObject BotAdded(string user)
    {
        var activity = Base("conversationUpdate", $"f:{Guid.NewGuid()}", user, channelId);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        ((JsonObject)activity["channelData"]!)["eventType"] = "teamMemberAdded";
        return activity;
    }

    private JsonObject Base(string type, string id, string user, string conversation) => new()
    {
        ["type"] = type,
        ["channelId"] = "msteams",
        ["id"] = id,
        ["serviceUrl"] = serviceUrl,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["channelData"] = new JsonObject
        {
            ["teamsChannelId"] = channelId,
            ["teamsTeamId"] = TeamId,
            ["channel"] = new JsonObject { ["id"] = channelId },
            ["team"] = new JsonObject { ["id"] = TeamId },
            ["tenant"] = new JsonObject { ["id"] = Tenant },
        },
        ["from"] = new JsonObject { ["id"] = UserId(user), ["name"] = user, ["aadObjectId"] = Guid.NewGuid().ToString() },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = Tenant },
        ["locale"] = "en-US",
    };
}
