package io.fleetloop.query.diagnosis;

import java.util.List;
import java.util.Locale;

/**
 * Server-side SVG charts of a batch report, written by hand like the cost and KPI charts: the error timeline (bars per
 * time bucket), the top error codes and the errors per module (horizontal bars). Every text is XML-escaped.
 */
final class LogBatchCharts {

    record Bar(String label, double value) {
    }

    private static final int WIDTH = 760;

    private LogBatchCharts() {
    }

    /** Vertical bars in time order, labelled under every few bars. */
    static String timeline(String title, List<Bar> bars) {
        int height = 340, left = 60, right = 20, top = 40, bottom = 90;
        StringBuilder svg = open(title, WIDTH, height);
        double max = Math.max(1, bars.stream().mapToDouble(Bar::value).max().orElse(1));
        int plotWidth = WIDTH - left - right, plotHeight = height - top - bottom, baseline = top + plotHeight;
        axis(svg, left, right, top, plotHeight, max);
        double slot = bars.isEmpty() ? plotWidth : (double) plotWidth / bars.size();
        int labelEvery = Math.max(1, (int) Math.ceil(bars.size() / 12.0));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double h = plotHeight * bar.value() / max;
            double x = left + i * slot;
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d9534f\"><title>%s: %s</title></rect>%n",
                    x + slot * 0.1, baseline - h, Math.max(1, slot * 0.8), h, escape(bar.label()), format(bar.value())));
            if (i % labelEvery == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" transform=\"rotate(40 %.1f %d)\">%s</text>%n",
                        x + slot / 2, baseline + 14, x + slot / 2, baseline + 14, escape(bar.label())));
            }
        }
        if (bars.isEmpty()) svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(top + plotHeight / 2).append("\" text-anchor=\"middle\">no errors</text>\n");
        return svg.append("</svg>\n").toString();
    }

    /** Horizontal bars, largest first, one row per label. */
    static String ranking(String title, List<Bar> bars) {
        int row = 24, top = 44, left = 200, right = 70;
        int height = top + Math.max(1, bars.size()) * row + 20;
        StringBuilder svg = open(title, WIDTH, height);
        double max = Math.max(1, bars.stream().mapToDouble(Bar::value).max().orElse(1));
        int plotWidth = WIDTH - left - right;
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = top + i * row;
            double w = plotWidth * bar.value() / max;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 8, y + 15, escape(bar.label())))
                    .append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#337ab7\"><title>%s: %s</title></rect>%n",
                            left, y + 3, Math.max(1, w), row - 6, escape(bar.label()), format(bar.value())))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", left + w + 6, y + 15, format(bar.value())));
        }
        if (bars.isEmpty()) svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(top + 16).append("\" text-anchor=\"middle\">no errors</text>\n");
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title, int width, int height) {
        return new StringBuilder().append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
                .append("<text x=\"").append(width / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">").append(escape(title)).append("</text>\n");
    }

    private static void axis(StringBuilder svg, int left, int right, int top, int plotHeight, double max) {
        for (int i = 0; i <= 4; i++) {
            int y = top + plotHeight - (int) Math.round(plotHeight * i / 4.0);
            svg.append("<line x1=\"").append(left).append("\" y1=\"").append(y).append("\" x2=\"").append(WIDTH - right).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#e0e0e0\"/>\n<text x=\"").append(left - 6).append("\" y=\"").append(y + 4).append("\" text-anchor=\"end\">")
                    .append(format(max * i / 4)).append("</text>\n");
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n') out.append(c);
                }
            }
        }
        return out.toString();
    }
}
