package io.tickwire.app.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar redrawn in place on a terminal ({@code \r} and erase-to-end-of-line), for the long-running
 * commands ({@code produce}, {@code backfill}). Off a terminal it draws nothing, so logs and pipes stay clean.
 */
final class ProgressBar
{
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean enabled;

    ProgressBar(final PrintStream out, final boolean enabled)
    {
        this.out = out;
        this.enabled = enabled;
    }

    /** Redraws the bar: a filled fraction (negative: no bar, only the text) and a status text. */
    void draw(final double fraction, final String text)
    {
        if (!enabled)
        {
            return;
        }
        final StringBuilder line = new StringBuilder(WIDTH + text.length() + 16).append('\r');
        if (fraction >= 0)
        {
            final int filled = (int)Math.min(WIDTH, Math.round(fraction * WIDTH));
            line.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                .append(Math.round(Math.min(1, fraction) * 100)).append("% ");
        }
        out.print(line.append(text).append("\033[K"));
        out.flush();
    }

    /** Ends the bar's line so that what follows starts on a fresh one. */
    void finish()
    {
        if (enabled)
        {
            out.println();
        }
    }
}
