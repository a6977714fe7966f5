using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables.Tests;

/// <summary>
/// Which failures the store passes on as they are and which become the core's <see cref="TransientStoreException"/>:
/// a wrong key or a missing table must never look like a bad moment, nor be swallowed.
/// </summary>
public sealed partial class AzureTablesFailureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelRef Channel = new("test", "A");

    private readonly TempTables _tables = new();

    [Fact]
    public async Task A_wrong_account_key_surfaces_as_the_services_403_from_start_and_every_call()
    {
        var wrongKey = AccountKey().Replace(_tables.ConnectionString, "AccountKey=" + Convert.ToBase64String(new byte[64]) + ";");
        var store = new AzureTablesReviewStore(new AzureTablesStoreOptions { ConnectionString = wrongKey, TablePrefix = _tables.Prefix });

        var atStart = await Assert.ThrowsAsync<RequestFailedException>(() => store.InitializeAsync());
        var reading = await Assert.ThrowsAsync<RequestFailedException>(() => store.GetReviewAsync("r1"));
        var pinging = await Assert.ThrowsAsync<RequestFailedException>(() => store.PingAsync());

        Assert.All([atStart, reading, pinging], failure => Assert.Equal(403, failure.Status));
    }

    [Fact]
    public async Task An_unreachable_service_is_a_transient_failure_with_the_sdks_exception_inside()
    {
        var nobody = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Convert.ToBase64String(new byte[64])
            + ";TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        var store = new AzureTablesReviewStore(
            new AzureTablesStoreOptions { ConnectionString = nobody, TablePrefix = _tables.Prefix }, null, options => options.Retry.MaxRetries = 0);

        var failure = await Assert.ThrowsAsync<TransientStoreException>(() => store.GetReviewAsync("r1"));
        Assert.NotNull(failure.InnerException);
        await Assert.ThrowsAsync<TransientStoreException>(() => store.AcceptAsync(new CommandEvent("E1", Channel, new UserRef("U1", "Ada"), T0, "list"), T0));
        Assert.False(await store.PingAsync());
    }

    [Fact]
    public async Task A_missing_table_is_not_a_conflict_and_not_swallowed()
    {
        var store = await _tables.OpenAsync();
        await new TableServiceClient(_tables.ConnectionString).DeleteTableAsync(_tables.Prefix + "reviews");
        var state = new ReviewState("r1", "system-design", "URL shortener", new UserRef("U1", "Ada"), Channel, false, ReviewStatus.Active, T0, null,
            [new StepSession("requirements", DialogState.New)], 0);

        var failure = await Assert.ThrowsAnyAsync<RequestFailedException>(
            () => store.CommitAsync(new TurnCommit(new Decision("r1", state, [], [], []) { IsNewReview = true }, null, null)));
        var reading = await Record.ExceptionAsync(() => store.GetReviewAsync("r1"));

        Assert.Equal((404, "TableNotFound"), (failure.Status, failure.ErrorCode));
        Assert.Equal("TableNotFound", Assert.IsAssignableFrom<RequestFailedException>(reading).ErrorCode);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(412, false)]
    [InlineData(501, false)]
    public void Only_timeouts_throttling_server_errors_and_no_response_are_transient(int status, bool transient) =>
        Assert.Equal(transient, AzureErrors.IsTransient(new RequestFailedException(status, "x"), CancellationToken.None));

    [Fact]
    public void Network_failures_and_timeouts_are_transient_but_a_cancel_the_caller_asked_for_is_not()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.True(AzureErrors.IsTransient(new HttpRequestException("connection reset"), CancellationToken.None));
        Assert.True(AzureErrors.IsTransient(new TimeoutException(), CancellationToken.None));
        Assert.True(AzureErrors.IsTransient(new TaskCanceledException("network timeout"), CancellationToken.None));
        Assert.False(AzureErrors.IsTransient(new TaskCanceledException("shutdown"), cancelled.Token));
        Assert.False(AzureErrors.IsTransient(new FormatException("bad connection string"), CancellationToken.None));
        Assert.False(AzureErrors.IsRace(new RequestFailedException(404, "no table", "TableNotFound", null)));
        Assert.True(AzureErrors.IsRace(new RequestFailedException(404, "no row", "ResourceNotFound", null)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var service = new TableServiceClient(_tables.ConnectionString);
        foreach (var suffix in TempTables.Suffixes)
            await service.DeleteTableAsync(_tables.Prefix + suffix);
    }

    [GeneratedRegex("AccountKey=[^;]*;?")]
    private static partial Regex AccountKey();
}
