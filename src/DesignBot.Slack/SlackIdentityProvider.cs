using DesignBot.Slack.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Slack;

/// <summary>
/// Asks Slack who the bot is (auth.test) as the host starts, so its own messages are known from the first event. A token
/// Slack refuses stops the host with a message naming Slack:BotToken; an unreachable Slack is asked again with backoff
/// (requests meanwhile get 503, which Slack retries).
/// </summary>
public sealed class SlackIdentityProvider(ISlackAuthApi auth, ILogger<SlackIdentityProvider> logger) : IHostedService
{
    private static readonly string[] s_refusedTokens = ["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "not_allowed_token_type"];
    private readonly TaskCompletionSource<SlackIdentity> _known = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _stopping;
    private Task? _retrying;

    /// <summary>The bot's identity once auth.test answered; null before.</summary>
    public SlackIdentity? Current => _known.Task.IsCompletedSuccessfully ? _known.Task.Result : null;

    public Task<SlackIdentity> WhenKnownAsync(CancellationToken cancellationToken = default) => _known.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// The first try, awaited: a token Slack refuses throws <see cref="OptionsValidationException"/> naming Slack:BotToken.
    /// When Slack cannot be reached, tries go on in the background. Called by the host before it starts (so the refusal
    /// is one line, not a hosting failure), else when this service starts.
    /// </summary>
    public async Task SignInAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _signingIn, 1) == 1)
            return;
        if (await TryOnceAsync(cancellationToken) is { } error)
        {
            _stopping = new CancellationTokenSource();
            _retrying = RetryAsync(error, _stopping.Token);
        }
    }

    private int _signingIn;

    public Task StartAsync(CancellationToken cancellationToken) => SignInAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stopping twice (a host stopped, then disposed) is fine: the first stop takes the retries away.
        if (Interlocked.Exchange(ref _stopping, null) is not { } stopping || _retrying is not { } retrying)
            return;
        await stopping.CancelAsync();
        try
        {
            await retrying.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        stopping.Dispose();
    }

    private async Task RetryAsync(string error, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            Log.AuthRetry(logger, error, delay);
            await Task.Delay(delay, cancellationToken);
            if (await TryOnceAsync(cancellationToken) is not { } next)
                return;
            error = next;
            delay = TimeSpan.FromSeconds(Math.Min(60, delay.TotalSeconds * 2));
        }
    }

    // Null when known; else why not (to try again).
    private async Task<string?> TryOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var identity = await auth.TestAsync(cancellationToken);
            Log.SignedIn(logger, identity.TeamId, identity.UserId, identity.BotId);
            _known.TrySetResult(identity);
            return null;
        }
        catch (SlackApiException ex) when (s_refusedTokens.Contains(ex.Error))
        {
            throw new OptionsValidationException("Slack:BotToken", typeof(SlackOptions),
                [$"Slack:BotToken was refused by Slack's auth.test ({ex.Error}): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions after installing the app."]);
        }
        catch (SlackApiException ex)
        {
            return ex.Error;
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError.ToString();
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
    }
}
