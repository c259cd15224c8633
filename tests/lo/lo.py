#!/usr/bin/env python3
"""Drives real LibreOffice (headless, through Python-UNO) for the tests.

    lo.py recalc IN.xlsx OUT.xlsx              open, recalculate everything, save as xlsx
    lo.py sort IN.xlsx OUT.xlsx SHEET COLUMN   also sort SHEET's table by COLUMN, descending

Run it with the Python that has the `uno` module (Debian: /usr/bin/python3 with python3-uno).
LibreOffice never recalculates an xlsx on load by default, hence the explicit calculateAll().
The whole run is bounded: after LIMIT seconds LibreOffice is killed and the script fails.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

LIMIT = 240


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


class Office:
    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="cpts-aci-lo-")
        self.pipe = "cptsaci%d" % os.getpid()
        self.proc = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
             "--nodefault", "--nolockcheck",
             "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profile),
             "--accept=pipe,name=%s;urp;" % self.pipe],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        while True:  # LibreOffice takes a few seconds to open its pipe; the alarm bounds this.
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except Exception:
                if self.proc.poll() is not None:
                    sys.exit("LibreOffice stopped before accepting a connection")
                time.sleep(0.2)
        self.desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        return self

    def __exit__(self, *exc):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, path):
        doc = self.desktop.loadComponentFromURL(url(path), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            sys.exit("LibreOffice could not open " + path)
        return doc


def save(doc, path):
    doc.storeToURL(url(path), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)


def sort_table(doc, sheet_name, column):
    sheet = doc.Sheets.getByName(sheet_name)
    sheet.unprotect("")
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_row = cursor.RangeAddress.EndRow
    last_col = cursor.RangeAddress.EndColumn
    header = next(r for r in range(last_row + 1)
                  if any(sheet.getCellByPosition(c, r).String == column
                         for c in range(last_col + 1)))
    index = next(c for c in range(last_col + 1)
                 if sheet.getCellByPosition(c, header).String == column)
    data = sheet.getCellRangeByPosition(0, header + 1, last_col, last_row)
    field = uno.createUnoStruct("com.sun.star.table.TableSortField")
    field.Field = index
    field.IsAscending = False
    fields = uno.Any("[]com.sun.star.table.TableSortField", (field,))
    uno.invoke(data, "sort", ((prop("SortFields", fields),),))


def main(argv):
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("LibreOffice took longer than %ds" % LIMIT))
    signal.alarm(LIMIT)
    command, source, target = argv[1], argv[2], argv[3]
    with Office() as office:
        doc = office.open(source)
        if command == "sort":
            sort_table(doc, argv[4], argv[5])
        elif command != "recalc":
            sys.exit("unknown command " + command)
        doc.calculateAll()
        save(doc, target)


if __name__ == "__main__":
    main(sys.argv)
