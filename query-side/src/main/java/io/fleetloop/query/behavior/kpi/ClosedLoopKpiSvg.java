package io.fleetloop.query.behavior.kpi;

import io.fleetloop.api.behavior.ClosedLoopKpiReport;
import io.fleetloop.api.behavior.LoopKpi;
import io.fleetloop.api.behavior.LoopStage;
import io.fleetloop.api.behavior.StagePercentiles;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stage durations of a period's loops as SVG: one horizontal bar per loop (oldest decision at the top), one
 * segment per stage in stage order, scaled to the longest loop; a legend with each stage's p50/p90 underneath. The
 * same report always gives the same bytes (no clock, fixed number formats).
 */
final class ClosedLoopKpiSvg {

    static final int MAX_BARS = 100;
    private static final int WIDTH = 900;
    private static final int MARGIN = 20;
    private static final int LABEL = 220;
    private static final int BAR_AREA = WIDTH - 2 * MARGIN - LABEL;
    private static final int HEADER = 70;
    private static final int ROW = 24;
    private static final int BAR_HEIGHT = 16;
    private static final Map<LoopStage, String> COLOURS = Map.of(
            LoopStage.DECIDED, "#5c6bc0", LoopStage.DATA_INGESTED, "#26a69a", LoopStage.ANNOTATED, "#ffa726",
            LoopStage.EXPORTED, "#8d6e63", LoopStage.MODEL_READY, "#ab47bc", LoopStage.ROLLOUT_COMPLETED, "#66bb6a");

    private ClosedLoopKpiSvg() {
    }

    static String render(ClosedLoopKpiReport report) {
        List<LoopKpi> loops = report.loops().size() > MAX_BARS ? report.loops().subList(0, MAX_BARS) : report.loops();
        long longest = Math.max(1, loops.stream().mapToLong(l -> l.stageMillis().values().stream().mapToLong(Long::longValue).sum()).max().orElse(1));
        int legendY = HEADER + Math.max(1, loops.size()) * ROW + 20;
        int height = legendY + (COLOURS.size() + 1) * 20 + 20;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        String title = "Closed-loop cycle time · " + report.loopCount() + " loops · " + report.stalledCount() + " stalled";
        svg.append("  <title>").append(escape(title)).append("</title>\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append("  <text id=\"title\" x=\"").append(MARGIN).append("\" y=\"28\" font-size=\"18\" font-weight=\"bold\">").append(escape(title)).append("</text>\n");
        svg.append("  <text id=\"period\" x=\"").append(MARGIN).append("\" y=\"50\">").append(escape("decided " + (report.from() == null ? "…" : report.from())
                + " – " + (report.to() == null ? "…" : report.to()) + " · total p50 " + duration(report.total().p50Millis()) + " · p90 "
                + duration(report.total().p90Millis()) + " · scale " + duration(longest))).append("</text>\n");
        if (loops.isEmpty()) {
            svg.append("  <text id=\"empty\" x=\"").append(MARGIN).append("\" y=\"").append(HEADER + 14).append("\">no loop decided in this period</text>\n");
        }
        for (int i = 0; i < loops.size(); i++) bar(svg, loops.get(i), HEADER + i * ROW, longest);
        int y = legendY;
        for (LoopStage stage : LoopStage.values()) {
            String colour = COLOURS.get(stage);
            if (colour == null) continue;
            StagePercentiles p = report.stages().get(stage);
            svg.append("  <rect x=\"").append(MARGIN).append("\" y=\"").append(y - 10).append("\" width=\"12\" height=\"12\" fill=\"").append(colour).append("\"/>\n");
            svg.append("  <text class=\"legend\" data-stage=\"").append(stage).append("\" x=\"").append(MARGIN + 18).append("\" y=\"").append(y).append("\">")
                    .append(escape(stage + " · p50 " + duration(p == null ? null : p.p50Millis()) + " · p90 " + duration(p == null ? null : p.p90Millis())
                            + " · " + (p == null ? 0 : p.count()) + " loops")).append("</text>\n");
            y += 20;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, LoopKpi loop, int top, long longest) {
        String id = loop.decisionId().value();
        svg.append("  <g class=\"loop\" data-decision=\"").append(escape(id)).append("\">\n");
        svg.append("    <text x=\"").append(MARGIN).append("\" y=\"").append(top + 12).append("\">")
                .append(escape(shorten(id) + (loop.stalled() ? " (stalled)" : ""))).append("</text>\n");
        double x = MARGIN + LABEL;
        for (Map.Entry<LoopStage, Long> stage : loop.stageMillis().entrySet()) {
            double width = BAR_AREA * (double) Math.max(0, stage.getValue()) / longest;
            svg.append("    <rect class=\"stage\" data-stage=\"").append(stage.getKey()).append("\" data-millis=\"").append(stage.getValue())
                    .append("\" x=\"").append(number(x)).append("\" y=\"").append(top).append("\" width=\"").append(number(width))
                    .append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"").append(COLOURS.get(stage.getKey())).append("\"><title>")
                    .append(escape(stage.getKey() + " " + duration(stage.getValue()))).append("</title></rect>\n");
            x += width;
        }
        svg.append("  </g>\n");
    }

    /** "2d 3h", "4h 05m", "12m 30s", "850 ms"; "–" when unknown. */
    static String duration(Long millis) {
        if (millis == null) return "–";
        long m = millis;
        if (m < 1000) return m + " ms";
        long s = m / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        if (s < 86_400) return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        return String.format(Locale.ROOT, "%dd %dh", s / 86_400, (s % 86_400) / 3600);
    }

    private static String shorten(String id) {
        return id.length() <= 30 ? id : id.substring(0, 29) + "…";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
