package io.fleetloop.api.annotation;

/** What the labels of a task are: 2D boxes on images, 3D boxes in point clouds, polygons, segmentation masks. */
public enum AnnotationType { BOX_2D, BOX_3D, POLYGON, SEGMENTATION }
