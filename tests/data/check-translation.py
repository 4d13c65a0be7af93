#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A translation is complete and well-formed: po/LANG.po is listed in po/LINGUAS, msgfmt --check
accepts it (placeholders, header, one mnemonic per label), it has no fuzzy or untranslated
message, and its msgids are exactly those of the sources in po/POTFILES, extracted afresh with
xgettext the way meson's glib preset does (so a string added or changed in the code, a .ui file,
the desktop file, the AppStream file or the settings schema fails it until it is translated).

    check-translation.py SOURCE_ROOT LANG

Needs nothing built. Prints TAP. To bring the .po up to date after a test failure:
    ninja -C build poolscope-pot poolscope-update-po, then translate what is fuzzy or empty."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

root, lang = sys.argv[1], sys.argv[2]
po_dir = os.path.join(root, "po")
po_file = os.path.join(po_dir, lang + ".po")

# The keywords of meson's i18n.gettext(preset: 'glib'), on top of xgettext's own for C (gettext,
# ngettext, ...), plus every '--keyword=…' that po/meson.build gives it (such as the lessons'
# Title). .ui, .desktop.in, .metainfo.xml.in and .gschema.xml go through xgettext's ITS rules, as
# in `ninja poolscope-pot`.
XGETTEXT_ARGS = ["--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
                 "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
                 "--keyword=g_dpgettext2:2c,3"]
with open(os.path.join(po_dir, "meson.build")) as f:
    XGETTEXT_ARGS += re.findall(r"""['"](--keyword=[^'"]+)['"]""", f.read())

tools = {name: shutil.which(name) for name in ("msgfmt", "msgcmp", "xgettext")}
missing_tools = [name for name, path in tools.items() if path is None]
if missing_tools:
    print("Bail out! gettext tools not found: " + ", ".join(missing_tools))
    sys.exit(1)
if not os.path.exists(po_file):
    print("Bail out! no " + os.path.relpath(po_file, root))
    sys.exit(1)

results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def diagnostics(text):
    """The tool's messages, one a line, shortened so a broken file does not flood the log."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 20:
        lines = lines[:20] + ["... %d more lines" % (len(lines) - 20)]
    return lines


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"),
                          **kwargs)


# 1. Listed, so that meson builds and installs its catalog.
with open(os.path.join(po_dir, "LINGUAS")) as f:
    linguas = {word for line in f if not line.lstrip().startswith("#") for word in line.split()}
check(lang in linguas, "%s is listed in po/LINGUAS" % lang)

# 2 and 3. msgfmt: well-formed, and every message translated. With everything translated its
# statistics are the one line "N translated messages."; fuzzy or untranslated ones add to it.
fmt = run([tools["msgfmt"], "--check", "--check-accelerators=_", "--statistics",
           "-o", os.devnull, po_file])
stats = [line for line in fmt.stderr.splitlines() if re.search(r"\d+ translated message", line)]
errors = [line for line in fmt.stderr.splitlines() if line not in stats]
check(fmt.returncode == 0 and not errors, "msgfmt --check accepts %s.po" % lang,
      errors or ["msgfmt exited %d" % fmt.returncode])
complete = len(stats) == 1 and re.fullmatch(r"\d+ translated messages?\.", stats[0].strip())
check(bool(complete), "%s.po has no fuzzy or untranslated message" % lang,
      stats or ["msgfmt printed no statistics"])

# 4 and 5. The same msgids as the sources: none missing (a new or changed string), none left over
# (a string the code no longer has, whose translation would be dead).
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "fresh.pot")
    xgettext = run([tools["xgettext"], "--package-name=poolscope", "-D", root,
                    "--files-from=" + os.path.join(po_dir, "POTFILES"), "-o", pot]
                   + XGETTEXT_ARGS)
    if xgettext.returncode != 0 or not os.path.exists(pot):
        print("Bail out! xgettext failed: " + " | ".join(diagnostics(xgettext.stderr)))
        sys.exit(1)
    # msgcmp DEF REF: every msgid of REF must be a translated msgid of DEF.
    missing = run([tools["msgcmp"], po_file, pot])
    check(missing.returncode == 0, "%s.po translates every string in po/POTFILES" % lang,
          diagnostics(missing.stderr))
    stale = run([tools["msgcmp"], "--use-untranslated", pot, po_file])
    # (Its warnings about the template's strings that the .po lacks are test 4's business.)
    check(stale.returncode == 0, "%s.po has no string the sources no longer have" % lang,
          [line for line in diagnostics(stale.stderr) if "message is not used" not in line])

print("1..%d" % len(results))
for n, (ok, name, detail) in enumerate(results, 1):
    print("%s %d %s" % ("ok" if ok else "not ok", n, name))
    if not ok:
        for line in detail:
            print("# " + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
