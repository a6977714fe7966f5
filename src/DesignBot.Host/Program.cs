using DesignBot.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddDesignBot();

var app = builder.Build();
app.MapDesignBot();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
