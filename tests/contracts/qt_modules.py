"""An import-linter contract for which Qt modules a layer may use.

Import-linter forbids external packages only as a whole ("PySide6"), while the app layer must use QtCore (and
QtNetwork, QtDBus) but never a widget: so this contract reads the import lines of ``source_modules`` and
refuses any that name one of ``forbidden_submodules`` of PySide6 (``QtWidgets``, ``QtGui``). Run by
``lint-imports`` from the test command (``scripts/test``), with ``tests`` on the Python path.
"""

from __future__ import annotations

from importlinter import Contract, ContractCheck, fields, output


class QtModulesContract(Contract):
    source_modules = fields.ListField(subfield=fields.ModuleField())
    forbidden_submodules = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose):  # type: ignore[no-untyped-def]
        broken: list[str] = []
        for source in self.source_modules:  # type: ignore[attr-defined]
            for module in sorted({source.name, *graph.find_descendants(source.name)}):
                if "PySide6" not in graph.find_modules_directly_imported_by(module):
                    continue
                for detail in graph.get_import_details(importer=module, imported="PySide6"):
                    line = detail["line_contents"]
                    named = [sub for sub in self.forbidden_submodules  # type: ignore[attr-defined]
                             if f"PySide6.{sub}" in line or (line.startswith("from PySide6 import") and sub in line)]
                    if named:
                        broken.append(f"{module}:{detail['line_number']}: {line.strip()}")
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check):  # type: ignore[no-untyped-def]
        for line in check.metadata["broken"]:
            output.print_error(line)
