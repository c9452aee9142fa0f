"""The UNO side of a warm LibreOffice: run by a Python that has LibreOffice's `uno` module.

Why a separate script: the `uno` module belongs to LibreOffice's own Python (bundled on
Windows and macOS, Debian's python3-uno on Linux), which is usually not the Python that
runs deckgen. deckgen starts this script with that Python; the script starts one headless
soffice listening on a named pipe, connects to it, and then converts documents on request,
so a conversion costs LibreOffice's load and export only, not its start (about 1.5 s).

Protocol (one JSON object per line): deckgen writes {"src": path, "dst": path, "filter":
name} (and "pages": "3,5-7" for some pages only, "options": {"PDFUACompliance": true, ...} for
the export filter's options); the script answers {"ok": true} or {"ok": false, "error": text}. The first line it
writes is {"ready": true} (or an error). End of input: soffice is told to quit (killed if
it does not) and the script exits. It imports nothing of deckgen.
"""

import json
import os
import subprocess
import sys
import time


def _props(**values):
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    soffice, pipe, profile = sys.argv[1:4]
    import uno

    proc = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--nologo",
                             "--norestore", "--nodefault", "--nolockcheck",
                             "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    deadline = time.monotonic() + 60
    while ctx is None:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception as exc:  # not listening yet
            if proc.poll() is not None or time.monotonic() > deadline:
                _say({"ready": False, "error": "LibreOffice did not start: %s" % exc})
                proc.kill()
                return
            time.sleep(0.05)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    _say({"ready": True})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            job = json.loads(line)
            try:
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(job["src"])), "_blank", 0,
                                                   _props(Hidden=True, ReadOnly=True))
                if doc is None:
                    raise RuntimeError("LibreOffice could not open " + job["src"])
                try:
                    props = _props(FilterName=job["filter"])
                    options = dict(job.get("options") or {})  # {"PDFUACompliance": true, ...}
                    if job.get("pages"):  # "3,5-7": only these pages (the preview's changed slides)
                        options["PageRange"] = job["pages"]
                    if options:
                        data = uno.Any("[]com.sun.star.beans.PropertyValue", _props(**options))
                        props += _props(FilterData=data)
                    uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(os.path.abspath(job["dst"])), props))
                finally:
                    doc.close(True)
                _say({"ok": True})
            except Exception as exc:
                _say({"ok": False, "error": str(exc) or type(exc).__name__})
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=10)
        except Exception:
            proc.kill()


if __name__ == "__main__":
    main()
