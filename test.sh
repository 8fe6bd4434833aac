#!/usr/bin/env bash
# The README's test command. The suite drives Debian's swupdate (an unmodified hawkBit device client) and builds a
# signed .swu for it with openssl and cpio; the packaged-jar smoke check talks to the jar with curl and jq. Install
# those OS packages when missing, run the whole test suite, then check the packaged jar as users run it. The operator
# console's browser tests drive Debian's chromium through chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for command in swupdate cpio openssl curl jq; do   # each package installs the command of the same name
  command -v "$command" >/dev/null 2>&1 || missing+=("$command")
done
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)

if ((${#missing[@]})); then
  install=(apt-get install -y -q --no-install-recommends "${missing[@]}")
  fail() {
    echo "test.sh: $1; the tests need the OS packages ${missing[*]}. As root, run:" >&2
    echo "  apt-get update && ${install[*]}" >&2
    exit 1
  }
  command -v apt-get >/dev/null 2>&1 || fail "no apt-get here"
  if [[ $(id -u) -eq 0 ]]; then
    as_root=(env)
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env)
  else
    fail "not root and no sudo"
  fi
  echo "test.sh: installing ${missing[*]}"
  "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -q || fail "apt-get update failed"
  "${as_root[@]}" DEBIAN_FRONTEND=noninteractive "${install[@]}" || fail "apt-get install failed"
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || fail "chromium or chromedriver still missing after apt-get"
fi

./mvnw -B verify "$@"
exec scripts/jar-smoke.sh
