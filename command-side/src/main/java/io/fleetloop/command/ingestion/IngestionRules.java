package io.fleetloop.command.ingestion;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.IngestionRule;

import java.nio.file.FileSystems;
import java.util.regex.Pattern;

/** Validation and normal form of an ingestion rule. */
final class IngestionRules {

    static final String ALL = "**";
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*");

    private IngestionRules() {
    }

    static void requireValid(IngestionRule rule) {
        if (rule == null) throw FleetloopException.invalid("ingestionRule", "is required");
        if (rule.modality() == null) throw FleetloopException.invalid("ingestionRule.modality", "is required");
        if (!isSafeRelativePath(rule.targetPath())) {
            throw FleetloopException.invalid("ingestionRule.targetPath",
                    "must be a relative path of letters, digits, '.', '_', '-', '=' and '/' without '..'");
        }
        String pattern = rule.includePattern() == null ? ALL : rule.includePattern();
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (RuntimeException e) {
            throw FleetloopException.invalid("ingestionRule.includePattern", "is not a valid glob: " + e.getMessage());
        }
    }

    /**
     * What the refusal promises: relative (no leading '/'), segments of the allowed characters only (so no backslash,
     * no NUL, no empty segment), none of them '.' or '..'. One trailing '/' is allowed and dropped.
     */
    static boolean isSafeRelativePath(String path) {
        if (path == null) return false;
        String p = path.strip();
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty() || !SAFE_PATH.matcher(p).matches()) return false;
        for (String segment : p.split("/")) {
            if (segment.equals(".") || segment.contains("..")) return false;
        }
        return true;
    }

    static IngestionRule normalized(IngestionRule rule) {
        String pattern = rule.includePattern() == null || rule.includePattern().isBlank() ? ALL : rule.includePattern();
        return new IngestionRule(pattern, trimSlashes(rule.targetPath()), rule.modality());
    }

    private static String trimSlashes(String path) {
        String p = path.strip();
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
