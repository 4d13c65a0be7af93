#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every source file with a translatable string is in po/POTFILES, and every file listed there
exists: a file missing from the list keeps its strings out of every translation without a word.
Prints TAP."""
import os
import re
import sys

root = sys.argv[1]
marks = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(\s*"'
                   r'|translatable="yes"')
with open(os.path.join(root, "po", "POTFILES")) as f:
    listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}

translatable = set()
for top in ("app", "engine", "widgets", "data"):
    for folder, _, files in os.walk(os.path.join(root, top)):
        for name in files:
            if not name.endswith((".c", ".ui", ".in", ".xml")) or name.endswith(".gresource.xml"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                if marks.search(f.read()):
                    translatable.add(os.path.relpath(path, root))

print("1..2")
missing = sorted(translatable - listed)
print(("ok" if not missing else "not ok") + " 1 every file with translatable strings is listed"
      + ("" if not missing else " # missing from po/POTFILES: " + ", ".join(missing)))
gone = sorted(p for p in listed if not os.path.exists(os.path.join(root, p)))
print(("ok" if not gone else "not ok") + " 2 every listed file exists"
      + ("" if not gone else " # gone: " + ", ".join(gone)))
