package io.tickwire.gateway;

import io.netty.util.concurrent.FastThreadLocal;
import io.tickwire.codecs.ControlMessage;
import io.tickwire.codecs.ControlMessageParser;
import io.tickwire.codecs.WireEncoder;
import io.tickwire.codecs.WireEncoding;
import org.agrona.ExpandableArrayBuffer;

/**
 * The codec scratch of one event loop: an encoder per encoding, a buffer, the control-message parser and its
 * holder. Encoders and the parser keep state, so each event loop has its own; never shared across threads.
 */
final class LoopCodecs
{
    private static final FastThreadLocal<LoopCodecs> CURRENT = new FastThreadLocal<>()
    {
        @Override
        protected LoopCodecs initialValue()
        {
            return new LoopCodecs();
        }
    };

    final WireEncoder[] encoders = new WireEncoder[WireEncoding.values().length];
    final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1024);
    final ControlMessageParser parser = new ControlMessageParser();
    final ControlMessage message = new ControlMessage();
    byte[] input = new byte[1024];

    private LoopCodecs()
    {
        for (final WireEncoding encoding : WireEncoding.values())
        {
            encoders[encoding.ordinal()] = encoding.newEncoder();
        }
    }

    /** The calling event loop's codecs. */
    static LoopCodecs current()
    {
        return CURRENT.get();
    }
}
