package io.fleetloop.edge.ota;

import java.util.Locale;

/** The fleet's one-line progress: {@code [####!!....] 523/1000 installed · 12 failed · 40 downloading · 2.1k reports/s}. */
public final class ProgressBar {

    private ProgressBar() {
    }

    /** '#' installed, '!' failed, '.' the rest, over {@code width} cells. */
    public static String line(FleetStats stats, double reportsPerSecond, int width) {
        int installedCells = cells(stats.installed(), stats.devices(), width);
        int failedCells = Math.min(width - installedCells, cells(stats.failed(), stats.devices(), width));
        String bar = "#".repeat(installedCells) + "!".repeat(failedCells) + ".".repeat(width - installedCells - failedCells);
        String line = "[" + bar + "] " + stats.installed() + "/" + stats.devices() + " installed · " + stats.failed()
                + " failed · " + stats.inProgress() + " downloading · " + compact(reportsPerSecond) + " reports/s";
        return stats.errors().isEmpty() ? line : line + " · " + stats.errors().size() + " erroring";
    }

    static String compact(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", value / 1_000);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.1f", value);
    }

    private static int cells(int count, int total, int width) {
        return total == 0 ? 0 : (int) ((long) count * width / total);
    }
}
