#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built-in presets compiled into the programs are exactly the files in data/presets/: a file
missing from presets.gresource.xml would silently not be built in, a listed file that is gone
would break the build. Prints TAP."""
import os
import sys
import xml.etree.ElementTree as ET

folder = sys.argv[1]
listed = {f.text for f in ET.parse(os.path.join(folder, "presets.gresource.xml")).iter("file")}
present = {f for f in os.listdir(folder) if f.endswith(".json")}
print("1..2")
missing = sorted(present - listed)
print(("ok" if not missing else "not ok") + " 1 every preset file is listed"
      + ("" if not missing else " # missing: " + ", ".join(missing)))
gone = sorted(listed - present)
print(("ok" if not gone else "not ok") + " 2 every listed preset exists"
      + ("" if not gone else " # gone: " + ", ".join(gone)))
