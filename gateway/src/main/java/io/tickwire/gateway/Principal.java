package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who a verified token names and what it may see. Immutable.
 *
 * @param subject          the {@code sub} claim, or {@code null}.
 * @param symbols          the {@code symbols} claim (entitlements), or {@code null} for every symbol.
 * @param expiresAtSeconds the {@code exp} claim, epoch seconds.
 */
record Principal(String subject, Set<String> symbols, long expiresAtSeconds)
{
    /** At most this many names are listed in a FORBIDDEN message. */
    static final int MAX_NAMED = 10;

    boolean allows(final String symbol)
    {
        return symbols == null || symbols.contains(symbol);
    }

    /**
     * The first {@link #MAX_NAMED} of {@code requested} this principal may not see.
     *
     * @param requested symbol names.
     * @return the forbidden ones, empty when all are allowed.
     */
    List<String> forbidden(final List<String> requested)
    {
        if (symbols == null)
        {
            return List.of();
        }
        final List<String> out = new ArrayList<>();
        for (final String symbol : requested)
        {
            if (!symbols.contains(symbol) && out.size() < MAX_NAMED)
            {
                out.add(symbol);
            }
        }
        return out;
    }
}
