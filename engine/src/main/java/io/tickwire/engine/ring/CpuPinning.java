package io.tickwire.engine.ring;

import net.openhft.affinity.Affinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins the calling thread to a configured CPU with {@code net.openhft:affinity}. Where pinning is unavailable (no
 * such CPU, no native access, a container that forbids it) the thread runs unpinned and a warning says so.
 */
public final class CpuPinning
{
    /** Configuration value meaning "do not pin". */
    public static final int NONE = -1;

    /** Configuration value meaning "the last CPU of the machine". */
    public static final int AUTO = -2;

    private static final Logger LOG = LoggerFactory.getLogger(CpuPinning.class);

    private CpuPinning()
    {
    }

    /**
     * Resolves a configured choice to a CPU number.
     *
     * @param choice {@link #NONE}, {@link #AUTO} or a CPU number.
     * @return the CPU, or {@link #NONE}.
     */
    public static int resolve(final int choice)
    {
        if (choice == AUTO)
        {
            return Runtime.getRuntime().availableProcessors() - 1;
        }
        return choice;
    }

    /**
     * Pins the calling thread.
     *
     * @param role   thread role, for the log.
     * @param choice {@link #NONE}, {@link #AUTO} or a CPU number.
     * @return the CPU pinned to, or {@link #NONE}.
     */
    public static int pinCurrentThread(final String role, final int choice)
    {
        final int cpu = resolve(choice);
        if (cpu == NONE)
        {
            return NONE;
        }
        try
        {
            Affinity.setAffinity(cpu);
            final java.util.BitSet actual = Affinity.getAffinity();
            if (actual.cardinality() == 1 && actual.get(cpu))
            {
                LOG.atInfo().addKeyValue("event", "thread_pinned").addKeyValue("role", role)
                    .addKeyValue("cpu", cpu).log("{} thread pinned to CPU {}", role, cpu);
                return cpu;
            }
            LOG.atWarn().addKeyValue("event", "pinning_unavailable").addKeyValue("role", role)
                .addKeyValue("cpu", cpu).log("{} thread could not be pinned to CPU {} (affinity {}); running unpinned",
                    role, cpu, actual);
        }
        catch (final Exception | LinkageError ex)
        {
            LOG.atWarn().addKeyValue("event", "pinning_unavailable").addKeyValue("role", role)
                .addKeyValue("cpu", cpu).log("{} thread could not be pinned to CPU {} ({}); running unpinned",
                    role, cpu, ex.toString());
        }
        return NONE;
    }
}
