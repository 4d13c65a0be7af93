#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing (Debian 12 packages), builds Poolscope and starts the window.
# Arguments are passed to the app.
set -euo pipefail
cd "$(dirname "$0")"

./.ci/install-deps
# The same options as ./test.sh, so running one after the other never reconfigures or rebuilds.
[ -f build/build.ninja ] || meson setup build -Dwerror=true >/dev/null
ninja -C build >/dev/null
# devenv points GSettings at the schema compiled in the build folder.
exec meson devenv -C build poolscope "$@"
