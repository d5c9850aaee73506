#!/usr/bin/env bash
# Installs code-server (a real VS Code server + web workbench, from npm) for the e2e test, offline:
# its postinstall downloads binaries, so it is installed with --ignore-scripts and the postinstall
# steps are redone by hand (see ../shared/notes/vscode-e2e-offline.md). Idempotent: a finished
# install leaves a marker file and is skipped next time.
#
#   NAS_E2E_HOME   install folder (default: /opt/nas-e2e as root, else $HOME/.cache/nas-e2e)
#   SKIP_APT=1     do not install Debian packages (when the image already has them)
set -euo pipefail

VERSION=4.100.3
if [ -z "${NAS_E2E_HOME:-}" ]; then
  if [ "$(id -u)" = 0 ]; then NAS_E2E_HOME=/opt/nas-e2e; else NAS_E2E_HOME="$HOME/.cache/nas-e2e"; fi
fi
MARKER="$NAS_E2E_HOME/.installed-$VERSION"
CS="$NAS_E2E_HOME/node_modules/code-server"

if [ -f "$MARKER" ]; then
  echo "code-server $VERSION already installed in $NAS_E2E_HOME"
  exit 0
fi

if [ "${SKIP_APT:-0}" != 1 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep chromium
fi

# Node headers come from /usr/include/node, so node-gyp never downloads them; node-pty's
# postinstall runs `npx node-gyp`, which npm cancels without a terminal unless told yes.
export npm_config_nodedir=/usr
export npm_config_yes=true
export npm_config_fund=false
export npm_config_audit=false

mkdir -p "$NAS_E2E_HOME"
cd "$NAS_E2E_HOME"
[ -f package.json ] || echo '{ "name": "nas-e2e-code-server", "private": true }' > package.json
npm install --ignore-scripts --no-save "code-server@$VERSION"
npm rebuild argon2 --build-from-source

cd "$CS/lib/vscode"
npm install --omit=dev --ignore-scripts
# @vscode/ripgrep's installer skips its download when bin/ already exists.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev)

touch "$MARKER"
echo "code-server $VERSION installed in $NAS_E2E_HOME ($(du -sh "$NAS_E2E_HOME" | cut -f1))"
