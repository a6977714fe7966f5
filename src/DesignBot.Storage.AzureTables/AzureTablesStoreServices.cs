using DesignBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Storage.AzureTables;

public static class AzureTablesStoreServices
{
    /// <summary>Registers the Azure Table Storage store as the <see cref="IReviewStore"/>, options bound from <c>Storage:AzureTables</c> and validated at start.</summary>
    public static IServiceCollection AddAzureTablesReviewStore(this IServiceCollection services)
    {
        services.AddOptions<AzureTablesStoreOptions>().BindConfiguration(AzureTablesStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IReviewStore>(sp => new AzureTablesReviewStore(
            sp.GetRequiredService<IOptions<AzureTablesStoreOptions>>().Value, sp.GetService<TimeProvider>() ?? TimeProvider.System)
        {
            Logger = sp.GetRequiredService<ILogger<AzureTablesReviewStore>>(),
        });
        return services;
    }
}
