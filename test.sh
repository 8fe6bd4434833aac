#!/usr/bin/env bash
# The README's test command. The suite drives Debian's swupdate (an unmodified hawkBit device client) and builds a
# signed .swu for it with openssl and cpio: install those OS packages when missing, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for command in swupdate cpio openssl; do   # each package installs the command of the same name
  command -v "$command" >/dev/null 2>&1 || missing+=("$command")
done

if ((${#missing[@]})); then
  install=(apt-get install -y -q --no-install-recommends "${missing[@]}")
  if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then as_root=(sudo); else as_root=(); fi
  echo "test.sh: installing ${missing[*]}"
  if ! command -v apt-get >/dev/null 2>&1 || { [[ $(id -u) -ne 0 ]] && ((${#as_root[@]} == 0)); } \
      || ! ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q \
      || ! ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive "${install[@]}"; then
    echo "test.sh: could not install the OS packages the tests need; as root, run:" >&2
    echo "  apt-get update && ${install[*]}" >&2
    exit 1
  fi
fi

exec ./mvnw -B verify "$@"
