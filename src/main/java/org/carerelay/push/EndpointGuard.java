package org.carerelay.push;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side request forgery guard for endpoint URLs, checked at registration and again before every send (a
 * name may resolve elsewhere later). Refused: anything but http(s); http unless allowed (local stack and tests
 * only); user info or a fragment; a name that does not resolve; any address that is link-local (169.254.0.0/16,
 * fe80::/10, where cloud metadata services live), a known metadata address, unspecified or multicast; the
 * portal itself (its public host and port, and on loopback its own HTTP and management ports); and loopback at
 * all unless http is allowed. Private networks are allowed (partners on a private link); restrict egress at the
 * network layer when they are not needed (docs/operations.md).
 */
public final class EndpointGuard {

    /** Resolves a host name (tests give a fixed answer). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final int MAX_LENGTH = 2000;
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata", "instance-data");

    private final boolean allowHttp;
    private final String portalHost;
    private final int portalPort;
    private final Set<Integer> ownPorts;
    private final Resolver resolver;

    /**
     * @param portalOrigin the portal's public origin ({@code carerelay.public-url})
     * @param ownPorts the ports this portal listens on (HTTP, management), refused on loopback
     */
    public EndpointGuard(boolean allowHttp, String portalOrigin, Set<Integer> ownPorts, Resolver resolver) {
        this.allowHttp = allowHttp;
        URI portal = URI.create(portalOrigin);
        this.portalHost = portal.getHost().toLowerCase(Locale.ROOT);
        this.portalPort = port(portal);
        this.ownPorts = Set.copyOf(ownPorts);
        this.resolver = resolver;
    }

    /** Why the URL may not be an endpoint, or empty when it may. */
    public Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("required: the https:// address that receives the webhooks");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an https:// URL");
        }
        if (scheme.equals("http") && !allowHttp) {
            return Optional.of("must use https (plain http only on the local stack)");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must be an absolute URL with a host name, without user info or a fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(uri);
        if (host.equals(portalHost) && port == portalPort) {
            return Optional.of("must not point at CareRelay itself");
        }
        if (METADATA_NAMES.contains(host)) {
            return Optional.of("must not point at a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host name does not resolve");
        }
        if (addresses.length == 0) {
            return Optional.of("the host name does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refused(address, port);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private Optional<String> refused(InetAddress address, int port) {
        InetAddress a = unmapped(address);
        if (a.isLinkLocalAddress() || metadata(a)) {
            return Optional.of("must not point at a link-local or cloud metadata address");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return Optional.of("must not point at an unspecified or multicast address");
        }
        if (a.isLoopbackAddress()) {
            if (!allowHttp) {
                return Optional.of("must not point at this machine (loopback)");
            }
            if (ownPorts.contains(port)) {
                return Optional.of("must not point at CareRelay itself");
            }
        }
        return Optional.empty();
    }

    /** 100.100.100.200 (Alibaba) and fd00:ec2::254 (AWS, IPv6); 169.254.169.254 is link-local already. */
    private static boolean metadata(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xff) == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200;
        }
        return a.getHostAddress().equalsIgnoreCase("fd00:ec2:0:0:0:0:0:254");
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it maps. */
    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
