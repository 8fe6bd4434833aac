package io.fleetloop.api.behavior;

/** How an aligned channel is read between samples: linear (continuous), previous-value hold (discrete), nearest (frames). */
public enum ChannelInterpolation { LINEAR, HOLD, NEAREST }
