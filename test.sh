#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures (with -Werror), builds and runs the whole test suite in the build folder given ($1,
# default "build"). This is the README's test command.
set -uo pipefail
cd "$(dirname "$0")"
dir=${1:-build}

./.ci/install-deps >/dev/null || exit 1
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" -Dwerror=true >/dev/null || exit 1
fi
ninja -C "$dir" || exit 1
meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 "${@:2}"
