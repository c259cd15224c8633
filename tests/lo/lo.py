#!/usr/bin/env python3
"""Drives real LibreOffice (headless, through Python-UNO) for the tests.

    lo.py recalc IN.xlsx OUT.xlsx              open, recalculate everything, save as xlsx
    lo.py sort IN.xlsx OUT.xlsx SHEET COLUMN   also sort SHEET's table by COLUMN, descending
    lo.py edit IN.xlsx OUT.xlsx OPS.json       apply edits as a user would, recalculate, save
    lo.py convert IN OUT                       save as another format (.xlsx, .ods, .xls)

OPS.json is a list of operations; rows are found by the value of their first column (a code):
    {"op": "set", "sheet": S, "row": CODE, "column": HEADER, "value": 12.5 | "texte" | {"date": "2026-03-15"}}
    {"op": "type", "sheet": S, "row": CODE, "column": HEADER, "text": "56,2 %"}   typed as a user
        would in French LibreOffice (FormulaLocal); or {"op": "type", "sheet": S, "cell": "A7", ...}
    {"op": "click_sort", "sheet": S, "column": HEADER}   a click in the column's first data cell,
        then Données > Trier par ordre décroissant (the dispatcher, as the toolbar button)
    {"op": "click_insert_row", "sheet": S, "before": CODE}   Insérer une ligne au-dessus
    {"op": "filter", "sheet": S, "column": HEADER, "equals": TEXT}   keep only the rows whose
        HEADER is TEXT (the sheet's filter, through the API: the filter's pop-up has no command)
Sheets stay protected as shipped when every op is one a user can do there (type, click_*).
    {"op": "sort", "sheet": S, "column": HEADER}
    {"op": "insert_row", "sheet": S, "before": CODE}
    {"op": "delete_row", "sheet": S, "row": CODE}
    {"op": "rename_header", "sheet": S, "from": HEADER, "to": HEADER}
    {"op": "insert_column", "sheet": S, "before": HEADER, "header": HEADER, "values": {CODE: VALUE}}
    {"op": "add_sheet", "name": S, "cells": {"A1": VALUE}}
    {"op": "remove_sheet", "name": S}
    {"op": "set_cell", "sheet": S, "cell": "B1", "value": VALUE}

Run it with the Python that has the `uno` module (Debian: /usr/bin/python3 with python3-uno).
LibreOffice never recalculates an xlsx on load by default, hence the explicit calculateAll().
The office runs with the French locale, as a coordinator's: `56,2 %` is a percentage, `12,5` a
number.
The whole run is bounded: after LIMIT seconds LibreOffice is killed and the script fails.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import threading

import uno
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.frame import XDispatchResultListener

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
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # LibreOffice's own temporary files (lu*.tmp) stay in the profile, removed at exit.
            env=dict(os.environ, TMPDIR=self.profile))
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
        self.ctx = ctx
        provider = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", ctx)
        l10n = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.Setup/L10N"),))
        l10n.setPropertyValue("ooSetupSystemLocale", "fr-FR")
        l10n.commitChanges()
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
        # Each run has its own LibreOffice: a lock file beside the document is stale (left by
        # a LibreOffice that went down) and would make the document open read-only, or not.
        folder, name = os.path.split(os.path.abspath(path))
        stale = os.path.join(folder, ".~lock." + name + "#")
        if os.path.exists(stale):
            os.remove(stale)
        doc = self.desktop.loadComponentFromURL(url(path), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            sys.exit("LibreOffice could not open " + path)
        return doc


FILTERS = {".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8", ".xls": "MS Excel 97"}


def save(doc, path):
    """Saves in the format the extension names, as « Enregistrer sous » does."""
    filter_name = FILTERS[os.path.splitext(path)[1].lower()]
    doc.storeToURL(url(path), (prop("FilterName", filter_name),))
    # storeToURL returns once the file is written. After dispatcher clicks, LibreOffice
    # sometimes goes down while closing the window: the file is complete by then.
    try:
        doc.close(True)
    except Exception:
        pass


def extent(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.RangeAddress.EndRow, cursor.RangeAddress.EndColumn


def header_of(sheet, column):
    """(header row, column index) of the header cell named `column`."""
    last_row, last_col = extent(sheet)
    for r in range(min(last_row, 50) + 1):
        for c in range(last_col + 1):
            if sheet.getCellByPosition(c, r).String == column:
                return r, c
    sys.exit("header %r not found in %s" % (column, sheet.Name))


def row_of(sheet, key):
    last_row, _ = extent(sheet)
    for r in range(last_row + 1):
        if sheet.getCellByPosition(0, r).String == key:
            return r
    sys.exit("row %r not found in %s" % (key, sheet.Name))


def put(doc, cell, value):
    if isinstance(value, dict) and "date" in value:
        y, m, d = (int(x) for x in value["date"].split("-"))
        serial = (__import__("datetime").date(y, m, d) - __import__("datetime").date(1899, 12, 30)).days
        cell.setValue(serial)
        locale = uno.createUnoStruct("com.sun.star.lang.Locale")
        cell.NumberFormat = doc.NumberFormats.getStandardFormat(2, locale)  # DATE
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.setValue(value)
    else:
        cell.setString(value)


USER_OPS = ("type", "click_sort", "click_insert_row", "filter")


class Finished(unohelper.Base, XDispatchResultListener):
    """Told by LibreOffice when a dispatched command is done."""

    def __init__(self):
        self.done = threading.Event()

    def dispatchFinished(self, result):
        self.done.set()

    def disposing(self, source):
        self.done.set()


def click(office, doc, sheet, cell, command):
    """Selects `cell` and runs `command` through the dispatcher, as a user's click does, and
    waits until LibreOffice says the command is finished."""
    controller = doc.getCurrentController()
    controller.setActiveSheet(sheet)
    controller.select(cell)
    target = uno.createUnoStruct("com.sun.star.util.URL")
    target.Complete = command
    transformer = office.ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.util.URLTransformer", office.ctx)
    _, target = transformer.parseStrict(target)
    dispatch = controller.getFrame().queryDispatch(target, "", 0)
    if dispatch is None:
        sys.exit("commande refusée par LibreOffice : " + command)
    listener = Finished()
    dispatch.dispatchWithNotification(target, (), listener)
    if not listener.done.wait(LIMIT):
        sys.exit("LibreOffice n'a pas fini la commande " + command)


def edit(office, doc, ops):
    if any(op["op"] not in USER_OPS for op in ops):
        for sheet in doc.Sheets:
            sheet.unprotect("")
    for op in ops:
        kind = op["op"]
        if kind == "add_sheet":
            doc.Sheets.insertNewByName(op["name"], doc.Sheets.Count)
            sheet = doc.Sheets.getByName(op["name"])
            for address, value in op["cells"].items():
                put(doc, sheet.getCellRangeByName(address), value)
            continue
        if kind == "remove_sheet":
            doc.Sheets.removeByName(op["name"])
            continue
        sheet = doc.Sheets.getByName(op["sheet"])
        if kind == "set":
            _, col = header_of(sheet, op["column"])
            put(doc, sheet.getCellByPosition(col, row_of(sheet, op["row"])), op["value"])
        elif kind == "click_sort":
            header, col = header_of(sheet, op["column"])
            click(office, doc, sheet, sheet.getCellByPosition(col, header + 1), ".uno:SortDescending")
        elif kind == "click_insert_row":
            click(office, doc, sheet, sheet.getCellByPosition(0, row_of(sheet, op["before"])),
                  ".uno:InsertRowsBefore")
        elif kind == "filter":
            last_row, last_col = extent(sheet)
            header, col = header_of(sheet, op["column"])
            whole = sheet.getCellRangeByPosition(0, header, last_col, last_row)
            descriptor = whole.createFilterDescriptor(True)
            field = uno.createUnoStruct("com.sun.star.sheet.TableFilterField")
            field.Field = col
            field.IsNumeric = False
            field.StringValue = op["equals"]
            field.Operator = uno.Enum("com.sun.star.sheet.FilterOperator", "EQUAL")
            descriptor.setFilterFields((field,))
            descriptor.ContainsHeader = True
            whole.filter(descriptor)
        elif kind == "type":
            if "cell" in op:
                cell = sheet.getCellRangeByName(op["cell"])
            else:
                _, col = header_of(sheet, op["column"])
                cell = sheet.getCellByPosition(col, row_of(sheet, op["row"]))
            # The API would write anyway; a user is refused: so is the test.
            if sheet.isProtected() and cell.CellProtection.IsLocked:
                sys.exit("cellule protégée, refusée à la saisie : %s!%s" % (sheet.Name, op))
            cell.FormulaLocal = op["text"]
        elif kind == "set_cell":
            put(doc, sheet.getCellRangeByName(op["cell"]), op["value"])
        elif kind == "sort":
            sort_table(doc, op["sheet"], op["column"])
        elif kind == "insert_row":
            sheet.Rows.insertByIndex(row_of(sheet, op["before"]), 1)
        elif kind == "delete_row":
            sheet.Rows.removeByIndex(row_of(sheet, op["row"]), 1)
        elif kind == "rename_header":
            r, c = header_of(sheet, op["from"])
            sheet.getCellByPosition(c, r).setString(op["to"])
        elif kind == "insert_column":
            r, c = header_of(sheet, op["before"])
            sheet.Columns.insertByIndex(c, 1)
            sheet.getCellByPosition(c, r).setString(op["header"])
            for key, value in op["values"].items():
                put(doc, sheet.getCellByPosition(c, row_of(sheet, key)), value)
        else:
            sys.exit("unknown operation " + kind)


def sort_table(doc, sheet_name, column):
    sheet = doc.Sheets.getByName(sheet_name)
    sheet.unprotect("")
    last_row, last_col = extent(sheet)
    header, index = header_of(sheet, column)
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
        ops = None
        if command == "edit":
            import json
            with open(argv[4], encoding="utf-8") as f:
                ops = json.load(f)
        doc = office.open(source)
        if command == "sort":
            sort_table(doc, argv[4], argv[5])
        elif command == "edit":
            edit(office, doc, ops)
        elif command == "convert":
            pass
        elif command != "recalc":
            sys.exit("unknown command " + command)
        doc.calculateAll()
        save(doc, target)


if __name__ == "__main__":
    main(sys.argv)
