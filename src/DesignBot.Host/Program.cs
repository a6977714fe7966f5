using DesignBot.Host.Hosting;
using DesignBot.Slack;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddDesignBot();

    var app = builder.Build();
    app.MapDesignBot();
    await app.OpenStoreFirstAsync();
    await app.Services.SignInToSlackAsync();
    await app.RunAsync();
    return 0;
}
catch (InvalidOperationException refused) when (StartFailure.IsStoreRefusal(refused))
{
    return StartFailure.Report(refused);
}
catch (OptionsValidationException invalid)
{
    return StartFailure.Report(invalid);
}
catch (UnauthorizedAccessException denied)
{
    // The data folder or a file in it cannot be created or opened by this user.
    return StartFailure.Report(denied);
}

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
