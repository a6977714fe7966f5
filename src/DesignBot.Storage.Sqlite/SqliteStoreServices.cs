using DesignBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Storage.Sqlite;

public static class SqliteStoreServices
{
    /// <summary>
    /// Registers the SQLite store as the <see cref="IReviewStore"/>, with its options bound from <c>Storage:Sqlite</c>
    /// and validated at start. A relative path is taken from the content root (the repository root under `dotnet run`).
    /// </summary>
    public static IServiceCollection AddSqliteReviewStore(this IServiceCollection services)
    {
        services.AddOptions<SqliteStoreOptions>().BindConfiguration(SqliteStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure<IHostEnvironment>((options, environment) => options.Path = FullPath(environment.ContentRootPath, options.Path));
        services.AddSingleton<IReviewStore>(sp => new SqliteReviewStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value)
        {
            Logger = sp.GetRequiredService<ILogger<SqliteReviewStore>>(),
        });
        return services;
    }

    private static string FullPath(string root, string path) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
}
