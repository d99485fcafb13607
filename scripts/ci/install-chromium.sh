#!/usr/bin/env bash
# Debian's Chromium for the console's browser test (test/integration/console-browser.test.ts),
# which drives it with playwright-core at /usr/bin/chromium. Idempotent: does nothing when it is
# there. Never `npx playwright install`: that downloads browser builds from outside the package
# registries, which CI cannot reach.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# With its recommended packages (fonts among them), as the test was run.
$sudo apt-get install -y -qq chromium >/dev/null
echo "installed $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
