using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Cms.Api.Infrastructure.Protection;

public sealed class CmsProxyOptions
{
    public const string Section = "Cms:Proxies";

    /// <summary>The reverse proxies in front of the API, as addresses or networks separated by commas. Only a request
    /// that comes from one of them has its X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Prefix believed. Loopback by default (a proxy
    /// on the same machine); empty believes no one.</summary>
    public string Trusted { get; set; } = "127.0.0.0/8, ::1";

    /// <summary>The trusted networks, or null when an entry is neither an address nor a network.</summary>
    public IReadOnlyList<IPNetwork>? Networks()
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in Trusted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network)) { networks.Add(network); }
            else if (IPAddress.TryParse(entry, out var address)) { networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8)); }
            else { return null; }
        }
        return networks;
    }
}

/// <summary>Behind a reverse proxy every request comes from the proxy's address. The client's own address (which the
/// rate limits and the audit log use), scheme and the path the proxy mounts the API under (which links and Swagger UI
/// use) come from the proxy's X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Prefix, believed only from trusted
/// proxies: read from the right, the first address that is not a trusted proxy is the client, so an address a client
/// writes into the header itself changes nothing.</summary>
public static class TrustedProxies
{
    public const string InvalidMessage = "Cms:Proxies:Trusted takes addresses or networks separated by commas, such as 10.0.0.0/8, 192.168.1.10.";

    internal static void Configure(ForwardedHeadersOptions forwarded, CmsProxyOptions proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedPrefix;
        forwarded.ForwardLimit = null;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var network in proxies.Networks() ?? []) { forwarded.KnownIPNetworks.Add(network); }
    }
}
