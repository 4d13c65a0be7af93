#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures (with -Werror), builds and runs the whole test suite in the build folder given ($1,
# default "build"); further arguments go to `meson test`. This is the README's test command, and
# CI's first step. A folder that ./start.sh (or anyone) configured without -Werror is switched to
# -Werror here, so a warning can never pass locally and fail in CI.
set -uo pipefail
cd "$(dirname "$0")"
dir=${1:-build}

./.ci/install-deps >/dev/null || exit 1
# The log of an earlier run in a reused folder must never be counted as this run's, not even
# when this build fails: remove it first.
rm -f "$dir"/meson-logs/testlog*.json
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" -Dwerror=true >/dev/null || exit 1
elif ! meson introspect "$dir" --buildoptions \
    | python3 -c 'import json,sys; sys.exit(not any(o["name"] == "werror" and o["value"] for o in json.load(sys.stdin)))'; then
  meson configure "$dir" -Dwerror=true >/dev/null || exit 1
fi
ninja -C "$dir" || exit 1
meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 "${@:2}"
