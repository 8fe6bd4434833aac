package io.fleetloop.query.common;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Server-side SVG bar charts (cost dashboard, scene-tag histogram), written by hand (no chart library): a title, one bar per label
 * with its value, a value axis from zero. Every text is XML-escaped, so the document is well-formed whatever the
 * labels hold.
 */
public final class BarCharts {

    public record Bar(String label, BigDecimal value) {
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 80;

    private BarCharts() {
    }

    public static String bars(String title, String valueLabel, List<Bar> bars) {
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
                .append("<text x=\"").append(WIDTH / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">").append(escape(title)).append("</text>\n");
        double max = bars.stream().mapToDouble(b -> b.value().doubleValue()).max().orElse(0);
        if (max <= 0) max = 1;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int baseline = TOP + plotHeight;
        // value axis: 5 grid lines from zero to the largest value
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            int y = baseline - (int) Math.round(plotHeight * i / 4.0);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#e0e0e0\"/>\n")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4).append("\" text-anchor=\"end\">")
                    .append(escape(format(value))).append("</text>\n");
        }
        svg.append("<text x=\"14\" y=\"").append(TOP + plotHeight / 2).append("\" transform=\"rotate(-90 14 ").append(TOP + plotHeight / 2)
                .append(")\" text-anchor=\"middle\">").append(escape(valueLabel)).append("</text>\n");
        if (bars.isEmpty()) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(TOP + plotHeight / 2).append("\" text-anchor=\"middle\">no data</text>\n");
        }
        double slot = bars.isEmpty() ? plotWidth : (double) plotWidth / bars.size();
        double barWidth = Math.max(1, slot * 0.7);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double height = plotHeight * bar.value().doubleValue() / max;
            double x = LEFT + slot * i + (slot - barWidth) / 2;
            svg.append("<rect x=\"").append(coord(x)).append("\" y=\"").append(coord(baseline - height)).append("\" width=\"").append(coord(barWidth))
                    .append("\" height=\"").append(coord(height)).append("\" fill=\"#3b7dd8\"><title>").append(escape(bar.label() + ": " + bar.value().toPlainString()))
                    .append("</title></rect>\n");
            double labelX = x + barWidth / 2;
            svg.append("<text x=\"").append(coord(labelX)).append("\" y=\"").append(baseline + 14).append("\" text-anchor=\"end\" transform=\"rotate(-35 ")
                    .append(coord(labelX)).append(' ').append(baseline + 14).append(")\">").append(escape(bar.label())).append("</text>\n");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(baseline).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"")
                .append(baseline).append("\" stroke=\"#333333\"/>\n");
        return svg.append("</svg>\n").toString();
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // characters XML 1.0 does not allow are dropped
                    if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static String coord(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.4f", value);
    }
}
