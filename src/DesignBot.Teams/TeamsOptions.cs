using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DesignBot.Teams;

/// <summary>How the bot's Azure registration authenticates outbound calls (the Bot Framework's own names).</summary>
public enum TeamsAppType { SingleTenant, MultiTenant, UserAssignedMSI }

/// <summary>
/// The Teams adapter's settings, bound from <c>Teams</c> with the Bot Framework's key names. The adapter is on when
/// <c>Teams:MicrosoftAppId</c> is set. MicrosoftAppPassword is a secret: it is never logged or shown.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";
    public const string AppIdKey = "Teams:MicrosoftAppId";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string DefaultTokenEndpoint = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    /// <summary>The scope of every outbound token: one token serves every customer tenant.</summary>
    public const string ConnectorScope = "https://api.botframework.com/.default";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary>Unset means SingleTenant: Azure has created no new multi-tenant bots since 2025-07-31.</summary>
    public string? MicrosoftAppType { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Where client-credential tokens come from; <c>{tenant}</c> is the bot's tenant (<c>botframework.com</c> for MultiTenant).</summary>
    public string TokenEndpoint { get; set; } = DefaultTokenEndpoint;

    /// <summary>How fast the bot posts (<c>Teams:Pacing:*</c>); by default the limits Teams documents.</summary>
    public TeamsPacingOptions Pacing { get; set; } = new();

    public TeamsAppType AppType => Enum.TryParse<TeamsAppType>(MicrosoftAppType, ignoreCase: true, out var type) ? type : TeamsAppType.SingleTenant;

    /// <summary>The token endpoint with its tenant filled in.</summary>
    public Uri ResolvedTokenEndpoint =>
        new(TokenEndpoint.Replace("{tenant}", AppType == TeamsAppType.MultiTenant ? "botframework.com" : MicrosoftAppTenantId, StringComparison.Ordinal));

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[AppIdKey]);
}

/// <summary>Checks the settings at start; every message names the key to fix, and none repeats a secret.</summary>
public sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppId))
            errors.Add($"{TeamsOptions.AppIdKey} is required: the Azure Bot's Microsoft App ID.");
        var typeText = options.MicrosoftAppType;
        if (!string.IsNullOrWhiteSpace(typeText) && !Enum.TryParse<TeamsAppType>(typeText, ignoreCase: true, out _))
            errors.Add($"Teams:MicrosoftAppType must be SingleTenant, MultiTenant or UserAssignedMSI, not '{Cut(typeText)}'.");
        var type = options.AppType;
        if (type != TeamsAppType.MultiTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            errors.Add($"Teams:MicrosoftAppTenantId is required with Teams:MicrosoftAppType {type}: the tenant of the bot's Azure registration.");
        if (type != TeamsAppType.UserAssignedMSI && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
            errors.Add($"Teams:MicrosoftAppPassword is required with Teams:MicrosoftAppType {type}: the client secret of the bot's app registration (use UserAssignedMSI for a managed identity).");
        errors.AddRange(TeamsPacingOptions.Errors(options.Pacing));
        if (!IsHttpUrl(options.OpenIdMetadataUrl))
            errors.Add("Teams:OpenIdMetadataUrl must be an absolute http(s) URL.");
        if (!IsHttpUrl(options.TokenEndpoint.Replace("{tenant}", "tenant", StringComparison.Ordinal)))
            errors.Add("Teams:TokenEndpoint must be an absolute http(s) URL ({tenant} is replaced by the bot's tenant).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
