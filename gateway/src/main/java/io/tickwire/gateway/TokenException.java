package io.tickwire.gateway;

/**
 * A token was refused. The message is safe to send to the client and to log: it never contains the token.
 */
final class TokenException extends Exception
{
    private static final long serialVersionUID = 1L;

    TokenException(final String reason)
    {
        super(reason, null, false, false);
    }
}
