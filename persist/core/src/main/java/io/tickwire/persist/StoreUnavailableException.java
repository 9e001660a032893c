package io.tickwire.persist;

import java.io.Serial;

/** A store could not answer a read: the caller falls back to the next store or answers 503. */
public final class StoreUnavailableException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A failure with its cause.
     *
     * @param message what was asked of which store.
     * @param cause   the client's error.
     */
    public StoreUnavailableException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
