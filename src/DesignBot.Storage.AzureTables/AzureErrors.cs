using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables;

/// <summary>
/// Which Table Storage failures are a bad moment and which are not. Transient: a timeout (408), throttling (429), a
/// server error (500, 502, 503, 504), no response at all (the network), a timed-out call. Everything else — 401/403
/// (a wrong key, a missing permission), a missing table, a bad request — surfaces as it is.
/// </summary>
internal static class AzureErrors
{
    public static bool IsTransientStatus(int status) => status is 0 or 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>A failure the same call may get past later (after the SDK's own retries gave up).</summary>
    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        RequestFailedException failed => IsTransientStatus(failed.Status),
        TimeoutException or HttpRequestException => true,
        // The SDK's network timeout cancels the call without the caller asking: that is a timeout, not a cancel.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>The row is not there (as opposed to the table: a missing table is a configuration error, never a conflict).</summary>
    public static bool IsMissingRow(RequestFailedException ex) => ex.Status == 404 && ex.ErrorCode != "TableNotFound";

    /// <summary>A write that lost a race: the row changed (412), exists (409) or went away (404, not the table).</summary>
    public static bool IsRace(RequestFailedException ex) => ex.Status is 409 or 412 || IsMissingRow(ex);

    public static TransientStoreException Transient(Exception inner) =>
        new($"Azure Table Storage had a bad moment ({(inner as RequestFailedException)?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? inner.GetType().Name}).", inner);
}

/// <summary>
/// Turns transient failures of every call the store makes into <see cref="TransientStoreException"/>, in one place: it
/// sits in the client pipeline before the SDK's retry policy, so it sees what is left once retries are spent. Other
/// responses pass through untouched, and the SDK raises its own <see cref="RequestFailedException"/> for them.
/// </summary>
internal sealed class TransientFailurePolicy : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception ex) when (AzureErrors.IsTransient(ex, message.CancellationToken))
        {
            throw AzureErrors.Transient(ex);
        }
        ThrowIfTransient(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        catch (Exception ex) when (AzureErrors.IsTransient(ex, message.CancellationToken))
        {
            throw AzureErrors.Transient(ex);
        }
        ThrowIfTransient(message);
    }

    private static void ThrowIfTransient(HttpMessage message)
    {
        if (message.HasResponse && AzureErrors.IsTransientStatus(message.Response.Status))
            throw AzureErrors.Transient(new RequestFailedException(message.Response));
    }
}
