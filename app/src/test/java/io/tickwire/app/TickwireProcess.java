package io.tickwire.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/tickwire} as a real child process for integration tests, with its output in a file.
 */
final class TickwireProcess
{
    private final Process process;
    private final Path log;

    private TickwireProcess(final Process process, final Path log)
    {
        this.process = process;
        this.log = log;
    }

    static Path repo()
    {
        return Path.of(System.getProperty("tickwire.repo", "..")).toAbsolutePath().normalize();
    }

    static TickwireProcess start(final Path log, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(repo().resolve("bin/tickwire").toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TICKWIRE_JAVA_OPTS", "-Xmx1g -Xms256m");
        // serve binds the gateway: tests running side by side must not fight over 8080.
        builder.environment().put("TICKWIRE_HTTP_PORT", "0");
        final Process process = builder.start();
        // A test that fails before it stops its server must not leave it running after the test JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new TickwireProcess(process, log);
    }

    static int run(final Path log, final String... args) throws IOException, InterruptedException
    {
        final TickwireProcess process = start(log, args);
        if (!process.process.waitFor(120, TimeUnit.SECONDS))
        {
            process.process.destroyForcibly();
            throw new IllegalStateException("tickwire " + String.join(" ", args) + " did not finish");
        }
        return process.process.exitValue();
    }

    boolean awaitLog(final String needle, final long timeoutMs) throws IOException, InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(log) && Files.readString(log).contains(needle))
            {
                return true;
            }
            if (!process.isAlive())
            {
                return Files.readString(log).contains(needle);
            }
            Thread.sleep(50);
        }
        return false;
    }

    int awaitExit(final long timeoutMs) throws InterruptedException
    {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("tickwire did not finish in " + timeoutMs + " ms");
        }
        return process.exitValue();
    }

    void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int terminate() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("tickwire did not stop on SIGTERM");
        }
        return process.exitValue();
    }
}
