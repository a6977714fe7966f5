using DesignBot.Core.Storage;
using DesignBot.Storage.Contract;
using DesignBot.Testing;

namespace DesignBot.Pipeline.Tests;

/// <summary>The storage contract against the in-memory store the shell tests use: it must behave like the real ones.</summary>
public sealed class InMemoryStoreContractTests : ReviewStoreContract
{
    protected override Task<IReviewStore> CreateStoreAsync() => Task.FromResult<IReviewStore>(new InMemoryReviewStore());
}
