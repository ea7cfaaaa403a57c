package io.roadmirror.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The latency percentiles against the input rate as an SVG line chart, written by hand: rates
 * evenly spaced on x, milliseconds on a logarithmic y axis (p50 and max differ by orders of
 * magnitude), the 500 ms target and the 1 s limit as reference lines.
 */
final class LatencyPlot {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private record Series(String label, String color, String dash, ToDoubleFunction<LatencyPhase.Step> value) {}

    private static final List<Series> SERIES = List.of(
            new Series("mirror p50", "#1b9e77", "", s -> s.mirror().p50Ms()),
            new Series("mirror p95", "#d95f02", "", s -> s.mirror().p95Ms()),
            new Series("mirror p99", "#7570b3", "", s -> s.mirror().p99Ms()),
            new Series("mirror max", "#999999", "2,3", s -> s.mirror().maxMs()),
            new Series("advisory p99", "#e7298a", "6,3", s -> s.advisory().p99Ms()));

    private LatencyPlot() {}

    static String svg(BenchReport.Ladder ladder, String subtitle) {
        List<LatencyPhase.Step> steps = ladder.steps();
        double lo = 100; // the axis spans at least 100 ms to 1 s, where the reference lines are
        double hi = 1000;
        for (LatencyPhase.Step s : steps) {
            for (Series series : SERIES) {
                double v = series.value().applyAsDouble(s);
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double minLog = Math.floor(Math.log10(lo));
        double maxLog = Math.ceil(Math.log10(hi * 1.05));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"20\" font-size=\"15\">roadmirror end-to-end latency against input rate (%s)</text>%n",
                LEFT,
                escape(ladder.guarantee())));
        svg.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"34\" fill=\"#555\">%s</text>%n", LEFT, escape(subtitle)));
        // y grid: 1, 2, 5 x 10^k
        for (double decade = minLog; decade < maxLog; decade++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, decade);
                double y = y(v, minLog, maxLog, plotH);
                svg.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n",
                        LEFT,
                        y,
                        LEFT + plotW,
                        y));
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                        LEFT - 6,
                        y + 4,
                        ms(v)));
            }
        }
        reference(svg, 500, "target p99 at 10k/s", minLog, maxLog, plotH, plotW);
        reference(svg, 1000, "sustained limit", minLog, maxLog, plotH, plotW);
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT,
                TOP,
                plotW,
                plotH));
        for (int i = 0; i < steps.size(); i++) {
            double x = x(i, steps.size(), plotW);
            LatencyPhase.Step s = steps.get(i);
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\"%s>%s</text>%n",
                    x,
                    TOP + plotH + 18,
                    s.sustained() ? "" : " fill=\"#c00\"",
                    String.format(Locale.ROOT, "%,d", s.targetRate())));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">input rate, events/s (red: not sustained)</text>%n",
                LEFT + plotW / 2,
                HEIGHT - 18));
        svg.append(String.format(
                Locale.ROOT,
                "<text transform=\"translate(16,%d) rotate(-90)\" text-anchor=\"middle\">milliseconds (log scale)</text>%n",
                TOP + plotH / 2));
        for (int k = 0; k < SERIES.size(); k++) {
            Series series = SERIES.get(k);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < steps.size(); i++) {
                double v = series.value().applyAsDouble(steps.get(i));
                if (v > 0) {
                    points.append(String.format(
                            Locale.ROOT, "%.1f,%.1f ", x(i, steps.size(), plotW), y(v, minLog, maxLog, plotH)));
                }
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    points.toString().trim(),
                    series.color(),
                    series.dash().isEmpty() ? "" : " stroke-dasharray=\"" + series.dash() + "\""));
            for (String point : points.toString().trim().split(" ")) {
                if (!point.isEmpty()) {
                    String[] xy = point.split(",");
                    svg.append(String.format(
                            Locale.ROOT,
                            "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>%n",
                            xy[0],
                            xy[1],
                            series.color()));
                }
            }
            int ly = TOP + 10 + k * 20;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    LEFT + plotW + 12,
                    ly,
                    LEFT + plotW + 36,
                    ly,
                    series.color(),
                    series.dash().isEmpty() ? "" : " stroke-dasharray=\"" + series.dash() + "\""));
            svg.append(String.format(
                    Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 42, ly + 4, series.label()));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void reference(
            StringBuilder svg, double v, String label, double minLog, double maxLog, int plotH, int plotW) {
        double y = y(v, minLog, maxLog, plotH);
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"4,4\"/>%n",
                LEFT,
                y,
                LEFT + plotW,
                y));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\" fill=\"#c00\" font-size=\"10\">%s</text>%n",
                LEFT + 4,
                y - 3,
                label));
    }

    private static double x(int i, int n, int plotW) {
        return LEFT + plotW * (i + 0.5) / Math.max(1, n);
    }

    private static double y(double v, double minLog, double maxLog, int plotH) {
        return TOP + plotH * (1 - (Math.log10(v) - minLog) / (maxLog - minLog));
    }

    private static String ms(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.0f s", v / 1000);
        }
        return String.format(Locale.ROOT, v >= 1 ? "%.0f" : "%.1f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
