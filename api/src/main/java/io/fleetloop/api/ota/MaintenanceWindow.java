package io.fleetloop.api.ota;

/**
 * When devices of a rollout may install (hawkBit's maintenance window): a cron {@code schedule} of the window's
 * starts (six fields, seconds first, e.g. {@code 0 0 2 * * *}), how long each stays open ({@code duration}, ISO-8601)
 * and the {@code timezone} the schedule is read in (a region id such as {@code Europe/Berlin}, or an offset). Outside
 * the window devices download but do not install.
 */
public record MaintenanceWindow(String schedule, String duration, String timezone) {
}
