package io.tickwire.app.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Draws latency by percentile as a PNG, the way HdrHistogram's plotter does: the x axis is 1 / (1 − percentile) on a
 * log scale (50%, 90%, 99%, 99.9%, …), the y axis latency in microseconds. Pure {@code java.awt} in headless mode;
 * no external tool.
 */
public final class LatencyPlot
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final double[] TICKS = {0, 90, 99, 99.9, 99.99, 99.999, 99.9999};

    private LatencyPlot()
    {
    }

    /**
     * Writes the plot.
     *
     * @param histogram latencies in microseconds.
     * @param title     drawn above the plot.
     * @param file      the PNG to write.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final Histogram histogram, final String title, final Path file) throws IOException
    {
        if (System.getProperty("java.awt.headless") == null)
        {
            System.setProperty("java.awt.headless", "true");
        }
        final List<double[]> points = new ArrayList<>();
        if (histogram.getTotalCount() > 0)
        {
            for (final HistogramIterationValue v : histogram.percentiles(5))
            {
                final double p = Math.min(v.getPercentileLevelIteratedTo(), 99.9999);
                points.add(new double[] {x(p), v.getValueIteratedTo()});
            }
        }
        double maxX = x(99.9);
        double maxY = 1;
        for (final double[] point : points)
        {
            maxX = Math.max(maxX, point[0]);
            maxY = Math.max(maxY, point[1]);
        }
        maxY = niceCeiling(maxY * 1.05);

        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            final int plotW = WIDTH - LEFT - RIGHT;
            final int plotH = HEIGHT - TOP - BOTTOM;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (final double tick : TICKS)
            {
                final double tx = x(tick);
                if (tx > maxX + 1e-9)
                {
                    break;
                }
                final int px = LEFT + (int)Math.round(tx / maxX * plotW);
                g.setColor(new Color(225, 225, 225));
                g.drawLine(px, TOP, px, TOP + plotH);
                g.setColor(Color.DARK_GRAY);
                final String label = tick == 0 ? "0%" : String.format(Locale.ROOT, "%s%%", strip(tick));
                g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
            }
            for (int i = 0; i <= 5; i++)
            {
                final double value = maxY * i / 5;
                final int py = TOP + plotH - (int)Math.round(value / maxY * plotH);
                g.setColor(new Color(225, 225, 225));
                g.drawLine(LEFT, py, LEFT + plotW, py);
                g.setColor(Color.DARK_GRAY);
                final String label = String.format(Locale.ROOT, "%,.0f", value);
                g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, plotW, plotH);
            g.drawString("percentile", LEFT + plotW / 2 - 30, HEIGHT - 20);
            g.drawString("latency (µs)", 10, TOP - 10);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT, 25);
            if (!points.isEmpty())
            {
                final Path2D.Double line = new Path2D.Double();
                boolean first = true;
                for (final double[] point : points)
                {
                    final double px = LEFT + point[0] / maxX * plotW;
                    final double py = TOP + plotH - point[1] / maxY * plotH;
                    if (first)
                    {
                        line.moveTo(px, py);
                        first = false;
                    }
                    else
                    {
                        line.lineTo(px, py);
                    }
                }
                g.setColor(new Color(31, 119, 180));
                g.setStroke(new BasicStroke(2f));
                g.draw(line);
            }
        }
        finally
        {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static double x(final double percentile)
    {
        return Math.log10(1 / (1 - percentile / 100));
    }

    private static String strip(final double tick)
    {
        final String s = Double.toString(tick);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static double niceCeiling(final double value)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double step : new double[] {1, 2, 2.5, 5, 10})
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
