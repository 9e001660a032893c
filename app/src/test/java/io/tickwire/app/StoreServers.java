package io.tickwire.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The store servers the app's integration tests need: ClickHouse (8123), PostgreSQL (5432), Redis (6379). */
final class StoreServers
{
    private StoreServers()
    {
    }

    /** Skips the test when a server does not answer, unless -Dtickwire.stores.required=true (scripts/test.sh). */
    static void require()
    {
        final List<String> down = new ArrayList<>();
        for (final int port : new int[] {8123, 5432, 6379})
        {
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
            catch (final IOException ex)
            {
                down.add("127.0.0.1:" + port);
            }
        }
        final String message = "store servers not answering: " + down + " (scripts/test.sh starts them)";
        if (!down.isEmpty() && Boolean.getBoolean("tickwire.stores.required"))
        {
            throw new IllegalStateException(message);
        }
        assumeTrue(down.isEmpty(), message);
    }
}
