package io.tickwire.persist;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.slf4j.Logger;

/**
 * Runs one writer {@link Agent} on its own daemon thread named after its role: {@code doWork()} in a loop, and a
 * sleeping idle strategy (1 ms park) when it reports no work, so an idle or backing-off writer costs nothing.
 * Unlike Agrona's {@code AgentRunner}, {@link #close} is bounded: a thread stuck in a store call that ignores
 * interrupts is left to finish that call on its own rather than hanging the shutdown.
 * <p>
 * {@link Agent#onStart()} and {@link Agent#onClose()} run on the agent thread (or, if it never started, on the
 * closing thread), so thread-confined resources such as a journal reader are opened and closed where they are used.
 */
final class AgentThread implements Runnable
{
    private static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long JOIN_MS = 2_000;

    private final Agent agent;
    private final Logger log;
    private final IdleStrategy idle = new SleepingIdleStrategy(IDLE_NS);
    private volatile boolean running = true;
    private Thread thread;
    private boolean started;
    private boolean closed;
    private String lastError;

    AgentThread(final Agent agent, final Logger log)
    {
        this.agent = agent;
        this.log = log;
    }

    synchronized void start()
    {
        if (started || closed)
        {
            return;
        }
        started = true;
        thread = new Thread(this, agent.roleName());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run()
    {
        try
        {
            agent.onStart();
            while (running)
            {
                int work = 0;
                try
                {
                    work = agent.doWork();
                }
                catch (final Throwable error)
                {
                    onError(error);
                }
                idle.idle(work);
            }
        }
        catch (final Throwable error)
        {
            onError(error);
        }
        finally
        {
            try
            {
                agent.onClose();
            }
            catch (final Throwable error)
            {
                onError(error);
            }
        }
    }

    private void onError(final Throwable error)
    {
        final String message = DistinctErrorLog.describe(error);
        if (!message.equals(lastError))
        {
            lastError = message;
            log.error("{} failed: {}", agent.roleName(), message, error);
        }
        if (error instanceof Error fatal)
        {
            throw fatal;
        }
    }

    /** Stops the loop and waits (bounded) for the thread to run {@link Agent#onClose()}; idempotent. */
    void close()
    {
        final Thread worker;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            worker = thread;
        }
        running = false;
        if (worker == null)
        {
            agent.onClose();
            return;
        }
        LockSupport.unpark(worker);
        try
        {
            worker.join(JOIN_MS);
            if (worker.isAlive())
            {
                worker.interrupt();
                worker.join(JOIN_MS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive())
        {
            log.warn("{} still inside a store call after {} ms; it closes its store when that call returns",
                agent.roleName(), 2 * JOIN_MS);
        }
    }
}
