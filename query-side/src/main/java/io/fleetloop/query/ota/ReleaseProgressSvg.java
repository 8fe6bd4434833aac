package io.fleetloop.query.ota;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Draws a rollout as SVG: a header with version and status, one stacked bar per batch (succeeded, failed including
 * silent, pending) with its label, and a timeline marking when each batch started. The same progress always gives
 * the same bytes (no clock, fixed number formats), so the picture can be cached and compared.
 */
final class ReleaseProgressSvg {

    static final int WIDTH = 800;
    static final int MARGIN = 20;
    static final int BAR_WIDTH = WIDTH - 2 * MARGIN;
    static final String SUCCEEDED = "#2e7d32";
    static final String FAILED = "#c62828";
    static final String PENDING = "#bdbdbd";

    private static final int HEADER = 84;
    private static final int ROW = 52;
    private static final int BAR_HEIGHT = 18;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReleaseProgressSvg() {
    }

    static String render(ReleaseProgress progress) {
        List<ReleaseBatch> batches = progress.batches();
        int timelineY = HEADER + batches.size() * ROW + 24;
        int height = timelineY + 56;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
        String title = "Release " + progress.versionId() + " · " + progress.status();
        svg.append("  <title>").append(escape(title)).append("</title>\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append("  <text id=\"title\" x=\"").append(MARGIN).append("\" y=\"28\" font-size=\"18\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        svg.append("  <text id=\"summary\" x=\"").append(MARGIN).append("\" y=\"50\">").append(escape(progress.totalDevices() + " devices · "
                + progress.succeeded() + " ok · " + progress.failed() + " failed · " + progress.pending() + " pending · task "
                + progress.taskId())).append("</text>\n");
        if (progress.statusReason() != null) {
            svg.append("  <text id=\"reason\" x=\"").append(MARGIN).append("\" y=\"70\" fill=\"#555555\">")
                    .append(escape(progress.statusReason())).append("</text>\n");
        }
        for (int i = 0; i < batches.size(); i++) {
            batch(svg, batches.get(i), HEADER + i * ROW);
        }
        timeline(svg, batches, timelineY);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** "Batch 1 · 10% · 100 devices · 98 ok · 2 failed · COMPLETED"; failed includes silent devices. */
    static String label(ReleaseBatch batch) {
        String label = "Batch " + (batch.batchIndex() + 1) + " · " + percent(batch.percentage()) + "% · " + batch.deviceCount() + " devices · "
                + batch.succeeded() + " ok · " + (batch.failed() + batch.silent()) + " failed · " + batch.status();
        return batch.silent() == 0 ? label : label + " (" + batch.silent() + " silent)";
    }

    private static void batch(StringBuilder svg, ReleaseBatch batch, int top) {
        int number = batch.batchIndex() + 1;
        svg.append("  <g class=\"batch\" data-batch=\"").append(number).append("\">\n");
        svg.append("    <text class=\"label\" x=\"").append(MARGIN).append("\" y=\"").append(top + 14).append("\">")
                .append(escape(label(batch))).append("</text>\n");
        int y = top + 22;
        double x = MARGIN;
        int devices = Math.max(1, batch.deviceCount());
        x = segment(svg, "succeeded", SUCCEEDED, x, y, batch.succeeded(), devices);
        x = segment(svg, "failed", FAILED, x, y, batch.failed() + batch.silent(), devices);
        segment(svg, "pending", PENDING, x, y, batch.pending(), devices);
        svg.append("  </g>\n");
    }

    private static double segment(StringBuilder svg, String kind, String color, double x, int y, int count, int devices) {
        double width = BAR_WIDTH * (double) count / devices;
        svg.append("    <rect class=\"").append(kind).append("\" data-devices=\"").append(count).append("\" x=\"").append(number(x))
                .append("\" y=\"").append(y).append("\" width=\"").append(number(width)).append("\" height=\"").append(BAR_HEIGHT)
                .append("\" fill=\"").append(color).append("\"/>\n");
        return x + width;
    }

    private static void timeline(StringBuilder svg, List<ReleaseBatch> batches, int y) {
        List<ReleaseBatch> started = batches.stream().filter(b -> b.startedAt() != null).toList();
        svg.append("  <g id=\"timeline\">\n");
        svg.append("    <line x1=\"").append(MARGIN).append("\" y1=\"").append(y).append("\" x2=\"").append(MARGIN + BAR_WIDTH)
                .append("\" y2=\"").append(y).append("\" stroke=\"#757575\"/>\n");
        if (started.isEmpty()) {
            svg.append("    <text x=\"").append(MARGIN).append("\" y=\"").append(y + 20).append("\" fill=\"#555555\">not started</text>\n");
            svg.append("  </g>\n");
            return;
        }
        Instant from = started.stream().map(ReleaseBatch::startedAt).min(Instant::compareTo).orElseThrow();
        Instant to = batches.stream().flatMap(b -> Stream.of(b.startedAt(), b.completedAt())).filter(Objects::nonNull)
                .max(Instant::compareTo).orElseThrow();
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        for (int i = 0; i < started.size(); i++) {
            ReleaseBatch batch = started.get(i);
            double x = MARGIN + BAR_WIDTH * (batch.startedAt().toEpochMilli() - from.toEpochMilli()) / span;
            int labelY = y + 18 + (i % 2) * 14; // alternate rows so close starts stay legible
            svg.append("    <g class=\"start\" data-batch=\"").append(batch.batchIndex() + 1).append("\" data-started-at=\"")
                    .append(batch.startedAt()).append("\">\n");
            svg.append("      <line x1=\"").append(number(x)).append("\" y1=\"").append(y - 6).append("\" x2=\"").append(number(x))
                    .append("\" y2=\"").append(y + 6).append("\" stroke=\"#212121\" stroke-width=\"2\"/>\n");
            svg.append("      <text x=\"").append(number(x)).append("\" y=\"").append(labelY).append("\" font-size=\"11\"")
                    .append(x > MARGIN + BAR_WIDTH - 80 ? " text-anchor=\"end\"" : "").append(">B").append(batch.batchIndex() + 1)
                    .append(' ').append(TIME.format(batch.startedAt())).append("</text>\n");
            svg.append("    </g>\n");
        }
        svg.append("    <text x=\"").append(MARGIN).append("\" y=\"").append(y + 48).append("\" font-size=\"11\" fill=\"#555555\">")
                .append("first batch started ").append(DATE_TIME.format(from)).append(" · last batch change ").append(DATE_TIME.format(to)).append("</text>\n");
        svg.append("  </g>\n");
    }

    private static String percent(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
