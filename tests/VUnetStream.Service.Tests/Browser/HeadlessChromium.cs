using Microsoft.Playwright;

namespace VUnetStream.Service.Tests.Browser;

/// <summary>
/// Debian's Chromium (installed by scripts/setup.sh), driven by Playwright. Playwright's own browser
/// downloads are not reachable from these machines, so the system browser is launched by its path.
/// </summary>
internal static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        // A missing browser is a broken setup, not a reason to skip: the test must say how to fix it.
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run ./scripts/setup.sh (it installs Debian's chromium package for the web page's test)");
        IPlaywright playwright = await Playwright.CreateAsync();
        try
        {
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,

                // The closed network refuses Chromium's background connections (updates, sync, safe browsing);
                // without these flags it keeps retrying them. --no-sandbox: the tests may run as root.
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                ],
                Timeout = 30_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
