package io.tickwire.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's static files, read once from the classpath ({@code dashboard/}, put there at build time with
 * lightweight-charts and MessagePack bundled from npm into {@code dashboard/vendor/}) and served from memory.
 * Nothing is loaded from a CDN. Immutable after construction; thread-safe.
 */
final class DashboardAssets
{
    private static final String[] FILES = {
        "index.html", "dashboard.js", "dashboard.css",
        "vendor/lightweight-charts.standalone.production.js", "vendor/msgpack.min.js",
    };

    private final Map<String, Asset> assets = new HashMap<>();

    DashboardAssets()
    {
        for (final String file : FILES)
        {
            try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream("dashboard/" + file))
            {
                if (in != null)
                {
                    assets.put("/" + file, new Asset(in.readAllBytes(), contentType(file)));
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read dashboard asset " + file, ex);
            }
        }
    }

    /**
     * Whether the whole dashboard was built into the jar.
     *
     * @return false when a file is missing (a build without npm).
     */
    boolean isComplete()
    {
        return assets.size() == FILES.length;
    }

    /**
     * The asset for a request path; {@code /} is the page.
     *
     * @param path the request path.
     * @return the asset, or null.
     */
    Asset find(final String path)
    {
        return assets.get("/".equals(path) ? "/index.html" : path);
    }

    private static String contentType(final String file)
    {
        if (file.endsWith(".html"))
        {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".css"))
        {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }

    /**
     * One file.
     *
     * @param bytes       its content.
     * @param contentType its media type.
     */
    record Asset(byte[] bytes, String contentType)
    {
    }
}
