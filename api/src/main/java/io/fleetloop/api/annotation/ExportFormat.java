package io.fleetloop.api.annotation;

/** COCO JSON (2D boxes) or KITTI label files in a zip (3D boxes). */
public enum ExportFormat { COCO, KITTI }
