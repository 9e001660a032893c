package io.tickwire.codecs;

import io.tickwire.codecs.sbe.ErrorCode;

/**
 * Outcome of {@link ControlMessageParser#parse}: {@link #OK} or why the client's control message is refused, with
 * the protocol error code to answer it with (SPEC §6). Bad input is always one of these, never an exception.
 */
public enum ControlParseResult
{
    /** A well-formed, valid control message. */
    OK(null),
    /** Not a JSON object, or broken JSON. */
    MALFORMED(ErrorCode.BAD_REQUEST),
    /** Larger than the frame limit. */
    TOO_LARGE(ErrorCode.BAD_REQUEST),
    /** {@code op} names no operation. */
    UNKNOWN_OP(ErrorCode.BAD_REQUEST),
    /** A key the protocol does not define. */
    UNKNOWN_FIELD(ErrorCode.BAD_REQUEST),
    /** A key given twice. */
    DUPLICATE_FIELD(ErrorCode.BAD_REQUEST),
    /** A required key is missing. */
    MISSING_FIELD(ErrorCode.BAD_REQUEST),
    /** A value of the wrong JSON type. */
    WRONG_TYPE(ErrorCode.BAD_REQUEST),
    /** A value of the right type outside what is accepted. */
    BAD_VALUE(ErrorCode.BAD_REQUEST),
    /** A symbol outside SPEC §3. */
    BAD_SYMBOL(ErrorCode.BAD_SYMBOL),
    /** More symbols in one message than a connection may subscribe. */
    TOO_MANY_SYMBOLS(ErrorCode.TOO_MANY_SUBSCRIPTIONS);

    private final ErrorCode errorCode;

    ControlParseResult(final ErrorCode errorCode)
    {
        this.errorCode = errorCode;
    }

    /**
     * The code of the error message to send back.
     *
     * @return the code, or {@code null} for {@link #OK}.
     */
    public ErrorCode errorCode()
    {
        return errorCode;
    }
}
