#!/usr/bin/env bash
# Makes sure Debian's Chromium and its ChromeDriver are installed, for the console's browser tests.
# As root with apt, installs the packages chromium, chromium-driver and a Chinese font (fonts-wqy-microhei, so the
# screenshots are readable) when they are missing; otherwise says what to
# install and exits 0: the browser tests then say why they are skipped, and everything else runs.
set -euo pipefail

have() {
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && dpkg -s fonts-wqy-microhei >/dev/null 2>&1
}

if ! have && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium and chromium-driver for the browser tests" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
  fi
fi
if ! have; then
  cat >&2 <<MSG
ensure-chromium: chromium, chromedriver or fonts-wqy-microhei is missing; without the first two the browser tests are skipped.
To run them, install (as root, Debian/Ubuntu):  apt-get install -y chromium chromium-driver fonts-wqy-microhei
MSG
fi
exit 0
