#!/usr/bin/env bash
# Installs the system packages the test suite needs on Debian or Ubuntu (apt-get, through sudo when not
# root), skipping those already installed. Run from anywhere: bash scripts/install-test-deps.sh
#   chromium        headless pages for the harness, renderer and e2e tiers (/usr/bin/chromium)
#   dbus, dbus-daemon, gnome-keyring, libsecret-1-0, python3-dbus   the private session bus and the
#                   unlocked Secret Service of scripts/with-keyring.sh (the real keychain in tests)
#   openssl         makes a throw-away TLS certificate for the integration tier's HTTPS proxy
#   xclip, xvfb     `psono copy` on a private X server (test/integration/cli-copy.test.ts)
#   xdotool, x11-utils   the auto-type tier (test/x11): the key adapter's tool, and xev/xprop as the
#                   X clients that record the key events they receive
set -euo pipefail

packages=(dbus dbus-daemon gnome-keyring libsecret-1-0 python3-dbus openssl xvfb xclip xdotool x11-utils)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "install-test-deps: run as root or install sudo" >&2; exit 1
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "install-test-deps: Node.js >= 20.19 with npm is needed (see package.json engines); found ${node_major}" >&2
  exit 1
fi

# Debian ships Chromium as a deb; Ubuntu's chromium package is only a wrapper around a snap, which does
# not run headless in containers, so there Playwright's own build is installed instead (needs internet).
. /etc/os-release
use_apt_chromium=1
case " ${ID:-} ${ID_LIKE:-} " in *" ubuntu "*) use_apt_chromium=0 ;; esac
if [ "$use_apt_chromium" = 1 ]; then packages+=(chromium); fi

missing=()
for pkg in "${packages[@]}"; do installed "$pkg" || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-test-deps: all of ${packages[*]} already installed"
fi

if [ "$use_apt_chromium" = 0 ] && [ ! -x /usr/bin/chromium ]; then
  # The tests look for /usr/bin/chromium (CHROMIUM_PATH overrides it): link Playwright's build there.
  # Installed as the calling user (npx may live in their home); --with-deps uses sudo for its packages.
  cd "$(dirname "$0")/.."
  version=$(node -p 'require("./package.json").devDependencies["playwright-core"]')
  browsers="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"
  PLAYWRIGHT_BROWSERS_PATH="$browsers" npx --yes "playwright-core@$version" install --with-deps chromium
  chrome=$(find "$browsers" -path '*/chromium-[0-9]*/chrome-linux*/chrome' -type f | head -n 1)
  as_root ln -s "$chrome" /usr/bin/chromium
fi
