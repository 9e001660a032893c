package io.tickwire.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tickwire.codecs.WireEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub hands written output to an event loop in tasks of a few connections each: every buffer is written once,
 * in the order handed over; until the loop has given them to Netty the connection counts them as in hand-off (for
 * back-pressure); a buffer for a channel closed meanwhile is released, not leaked.
 */
class LoopHandoffTest
{
    /**
     * A real event loop runs the hand-off's tasks (an EmbeddedChannel's own loop runs queued tasks re-entrantly from
     * inside a write, which no real loop does); the embedded channel only records what is written to it, from that
     * loop's thread alone.
     */
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop()
    {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Waits until the loop has run every task queued before this call. */
    private void drainLoop() throws Exception
    {
        loop.submit(() ->
        {
        }).get();
    }

    @Test
    void shouldWriteEveryBufferInOrderAndCountItUntilNettyHasIt() throws Exception
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final Connection connection = new Connection(channel, WireEncoding.JSON);
        final LoopHandoff handoff = new LoopHandoff(loop);
        final CountDownLatch hold = new CountDownLatch(1);
        // Holds the loop until everything is handed over, so the count is seen before any write.
        loop.execute(() ->
        {
            try
            {
                hold.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        });
        final List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 3 * LoopHandoff.MAX_BATCH + 5; i++)
        {
            final ByteBuf out = Unpooled.buffer(4).writeInt(i);
            sent.add(out);
            handoff.add(connection, out);
        }
        handoff.dispatch();
        assertThat(connection.inHandoff()).isEqualTo(4L * sent.size());

        hold.countDown();
        drainLoop();

        assertThat(connection.inHandoff()).isZero();
        for (int i = 0; i < sent.size(); i++)
        {
            final ByteBuf written = channel.readOutbound();
            assertThat(written).as("write %d", i).isNotNull();
            assertThat(written.readInt()).isEqualTo(i);
            written.release();
        }
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(sent).allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void shouldReleaseWhatItHadForAChannelClosedMeanwhile() throws Exception
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final Connection connection = new Connection(channel, WireEncoding.JSON);
        final LoopHandoff handoff = new LoopHandoff(loop);
        final ByteBuf out = Unpooled.buffer(4).writeInt(7);
        handoff.add(connection, out);
        channel.close();
        handoff.dispatch();
        drainLoop();

        assertThat(out.refCnt()).isZero();
        assertThat(connection.inHandoff()).isZero();
        assertThat(channel.outboundMessages()).isEmpty();
    }

    @Test
    void shouldHandOverNothingWhenNothingWasAdded() throws Exception
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final LoopHandoff handoff = new LoopHandoff(loop);
        handoff.dispatch();
        drainLoop();

        assertThat(channel.outboundMessages()).isEmpty();
    }
}
