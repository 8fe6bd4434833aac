#!/bin/sh
# Example health check for `edge-agent ota --health-check`: the agent runs it right after switching to the freshly
# installed slot. Exit 0 = healthy; anything else makes the agent switch back to the previous slot and report the
# update as failed (with this script's output). A real device would start the new model or firmware here and probe
# it; this one checks that the slot holds the version it was given and a non-empty artifact.
# Set by the agent: FLEETLOOP_SLOT (a|b), FLEETLOOP_SLOT_DIR (the slot's folder), FLEETLOOP_VERSION (the version).
set -eu
dir="${FLEETLOOP_SLOT_DIR:?}"
installed="$(cat "$dir/version")"
if [ "$installed" != "${FLEETLOOP_VERSION:?}" ]; then
  echo "slot $FLEETLOOP_SLOT holds $installed, expected $FLEETLOOP_VERSION"
  exit 1
fi
for file in "$dir"/*; do
  [ "$(basename "$file")" = version ] && continue
  if [ -s "$file" ]; then
    echo "slot $FLEETLOOP_SLOT runs $FLEETLOOP_VERSION ($(basename "$file"), $(wc -c < "$file") bytes)"
    exit 0
  fi
done
echo "slot $FLEETLOOP_SLOT has no artifact"
exit 1
