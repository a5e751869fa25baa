"""Badge templates as data: boxes in millimetres, read from a file staff can edit.

A template is a TOML (or JSON) file in ``assets/badges/``, found by its
name (``4x3in``) or given as a path::

    name = "4x3in"
    width_mm = 101.6
    height_mm = 76.2

    [[box]]
    kind = "name"        # what goes in it (see KINDS)
    x = 5.0              # left edge, mm from the badge's left
    y = 20.0             # top edge, mm from the badge's top
    w = 60.0
    h = 14.0
    size = 30            # largest font size in points; long names shrink
    min_size = 14        # never smaller than this: wrap, then elide instead
    bold = true

Every field is checked when the file is loaded, and a bad one is named in
the error with what would be right, so a staff member who mistypes
``colour`` or puts a box off the page learns it before 3,000 badges print.
"""

from __future__ import annotations

import json
import math
import re
import string
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from checkin.errors import UserError

TEMPLATE_PACKAGE = "assets.badges"
BUILT_IN = ("4x3in", "4x6in", "a6", "cr80", "a4-8up")

# The largest code the badges carry (tokens.MAX_CODE_LENGTH) needs QR version
# 3 at error correction Q: 29 modules a side.
MAX_QR_MODULES = 29
MIN_MODULE_MM = 0.5

# Placeholders a text box's ``format`` may use.
FIELDS = (
    "name",
    "name_alt",
    "company",
    "title",
    "category",
    "category_zh",
    "number",
    "version",
    "event_name",
    "event_name_zh",
)
TEXT_KINDS = {
    # kind: default format
    "event": "{event_name}",
    "event_alt": "{event_name_zh}",
    "company": "{company}",
    "title": "{title}",
    "category": "{category_zh} {category}",
    "number": "No. {number}",
    "text": "",
    # Names are laid out together (the Chinese name large, the Latin one
    # under it), so their text is not a format.
    "name": "",
    "name_alt": "",
}
KINDS = (*TEXT_KINDS, "ribbon", "qr", "logo")
_DEFAULT_SIZE = {"name": 28.0, "name_alt": 14.0, "event": 10.0, "event_alt": 10.0}
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

_BOX_FIELDS = {
    "kind",
    "x",
    "y",
    "w",
    "h",
    "size",
    "min_size",
    "bold",
    "align",
    "valign",
    "color",
    "lines",
    "rotate",
    "format",
    "module_mm",
    "quiet_zone",
    "file",
}
_TOP_FIELDS = {"name", "description", "width_mm", "height_mm", "font", "fold_mm", "box", "sheet"}
_SHEET_FIELDS = {"width_mm", "height_mm", "columns", "rows", "cut_marks"}


class TemplateError(UserError, ValueError):
    """A badge template is missing or has a bad field (named in the message)."""


@dataclass(frozen=True)
class Box:
    """One rectangle of the badge and what goes in it."""

    kind: str
    x: float
    y: float
    w: float
    h: float
    size: float = 12.0
    min_size: float = 6.0
    bold: bool = False
    align: str = "left"
    valign: str = "middle"
    # A text colour, "auto" (black or white, whichever reads on the ribbon
    # below), or "category" (the attendee's category colour).
    color: str = "#000000"
    lines: int = 1
    rotate: int = 0
    format: str = ""
    module_mm: float = MIN_MODULE_MM
    quiet_zone: int = 4
    file: str = ""

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Sheet:
    """Several badges on one page (``a4-8up``), laid edge to edge for a guillotine."""

    width_mm: float
    height_mm: float
    columns: int
    rows: int
    cut_marks: bool = True

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


@dataclass(frozen=True)
class Template:
    name: str
    width_mm: float
    height_mm: float
    boxes: tuple[Box, ...]
    description: str = ""
    font: str = ""
    fold_mm: float | None = None
    sheet: Sheet | None = None
    # Where the file came from: a logo's ``file`` is relative to it.
    folder: Path | None = field(default=None, compare=False)

    @property
    def page_mm(self) -> tuple[float, float]:
        if self.sheet is not None:
            return self.sheet.width_mm, self.sheet.height_mm
        return self.width_mm, self.height_mm

    @property
    def per_page(self) -> int:
        return 1 if self.sheet is None else self.sheet.per_page

    def logo_path(self, box: Box) -> Path:
        folder = self.folder if self.folder is not None else Path()
        return folder / box.file


# -- finding templates ------------------------------------------------------


def template_names() -> list[str]:
    """The templates shipped with the program, by name."""
    folder = resources.files(TEMPLATE_PACKAGE)
    found = {
        Path(entry.name).stem
        for entry in folder.iterdir()
        if entry.name.endswith((".toml", ".json"))
    }
    return sorted(found, key=lambda n: (BUILT_IN.index(n) if n in BUILT_IN else 99, n))


def _built_in(name: str) -> Path | None:
    folder = resources.files(TEMPLATE_PACKAGE)
    for suffix in (".toml", ".json"):
        entry = folder.joinpath(name + suffix)
        if entry.is_file():
            return Path(str(entry))
    return None


def load_template(name_or_path: str | Path) -> Template:
    """A shipped template by name, or a template file by path."""
    text = str(name_or_path)
    path = _built_in(text) if re.fullmatch(r"[A-Za-z0-9_-]+", text) else None
    if path is None:
        path = Path(text)
        if not path.is_file():
            known = ", ".join(template_names())
            raise TemplateError(
                f"no badge template named {text!r} (shipped: {known}); "
                "or give the path to a .toml or .json template file"
            )
    return read_template(path)


def read_template(path: Path) -> Template:
    """Read and check one template file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateError(f"cannot read badge template {path}: {error.strerror}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as error:
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise TemplateError(f"{path.name} is not valid {kind}: {error}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path.name}: expected a table of fields at the top")
    return parse_template(data, source=path.name, folder=path.parent)


# -- checking ---------------------------------------------------------------


class _Fields:
    """Typed access to one table of a template, naming the field in every error."""

    def __init__(self, data: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        self.data = data
        self.where = where
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise TemplateError(
                f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(sorted(allowed))})"
            )

    def fail(self, name: str, wanted: str) -> TemplateError:
        return TemplateError(f"{self.where}: {name!r} must be {wanted}, not {self.data[name]!r}")

    def number(self, name: str, default: float | None = None, *, positive: bool = False) -> float:
        if name not in self.data:
            if default is None:
                raise TemplateError(f"{self.where}: {name!r} is missing (a number)")
            return default
        value = self.data[name]
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or value < 0 or (positive and value == 0):
            raise self.fail(name, "a positive number" if positive else "a number, 0 or more")
        return float(value)

    def integer(self, name: str, default: int, choices: tuple[int, ...] = ()) -> int:
        if name not in self.data:
            return default
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(name, "a whole number, 1 or more")
        if choices and value not in choices:
            raise self.fail(name, " or ".join(str(c) for c in choices))
        return value

    def text(self, name: str, default: str, choices: tuple[str, ...] = ()) -> str:
        if name not in self.data:
            return default
        value = self.data[name]
        if not isinstance(value, str):
            raise self.fail(name, "text in quotes")
        if choices and value not in choices:
            raise self.fail(name, "one of " + ", ".join(repr(c) for c in choices))
        return value

    def flag(self, name: str, default: bool) -> bool:
        if name not in self.data:
            return default
        value = self.data[name]
        if not isinstance(value, bool):
            raise self.fail(name, "true or false")
        return value


def _check_format(fmt: str, where: str) -> None:
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(fmt) if f is not None]
    except ValueError as error:
        raise TemplateError(f"{where}: 'format' {fmt!r} is not a valid format: {error}") from None
    for name in names:
        if name not in FIELDS:
            raise TemplateError(
                f"{where}: 'format' uses {{{name}}}; placeholders are "
                + ", ".join("{" + f + "}" for f in FIELDS)
            )


def _parse_box(data: Any, index: int, source: str, width: float, height: float) -> Box:
    where = f"{source}: box {index + 1}"
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: expected a table ([[box]]), not {data!r}")
    if data.get("kind") in KINDS:
        where = f"{where} ({data['kind']})"
    fields = _Fields(data, where, _BOX_FIELDS)
    if "kind" not in data:
        raise TemplateError(f"{where}: 'kind' is missing (one of {', '.join(KINDS)})")
    kind = fields.text("kind", "", KINDS)
    x, y = fields.number("x"), fields.number("y")
    w, h = fields.number("w", positive=True), fields.number("h", positive=True)
    if x + w > width + 1e-6 or y + h > height + 1e-6:
        raise TemplateError(
            f"{where}: the box ({x:g}, {y:g}) + {w:g} x {h:g} mm goes off the "
            f"{width:g} x {height:g} mm badge"
        )
    size = fields.number("size", _DEFAULT_SIZE.get(kind, 12.0), positive=True)
    min_size = fields.number("min_size", min(size, max(5.0, size * 0.45)), positive=True)
    if min_size > size:
        raise TemplateError(f"{where}: 'min_size' ({min_size:g}) is larger than 'size' ({size:g})")
    color = fields.text("color", "auto" if kind == "category" else "#000000")
    if color not in ("auto", "category") and not _COLOR.fullmatch(color):
        raise fields.fail("color", 'a colour like "#1a7f37", "auto" or "category"')
    fmt = fields.text("format", TEXT_KINDS.get(kind, ""))
    if kind == "text" and not fmt:
        raise TemplateError(f"{where}: a text box needs a 'format' (its text)")
    if "format" in data and kind in ("name", "name_alt", "ribbon", "qr", "logo"):
        raise TemplateError(f"{where}: a {kind} box takes no 'format'")
    _check_format(fmt, where)
    box = Box(
        kind=kind,
        x=x,
        y=y,
        w=w,
        h=h,
        size=size,
        min_size=min_size,
        bold=fields.flag("bold", kind in ("name", "event")),
        align=fields.text("align", "left", ("left", "center", "right")),
        valign=fields.text("valign", "middle", ("top", "middle", "bottom")),
        color=color,
        lines=fields.integer("lines", 2 if kind in ("company", "event") else 1, (1, 2, 3)),
        rotate=_rotation(fields),
        format=fmt,
        module_mm=fields.number("module_mm", MIN_MODULE_MM, positive=True),
        quiet_zone=fields.integer("quiet_zone", 4, (2, 3, 4, 5, 6)),
        file=fields.text("file", ""),
    )
    if kind == "qr":
        _check_qr(box, where)
    if kind == "logo" and not box.file:
        raise TemplateError(f"{where}: a logo box needs a 'file' (an SVG or PNG beside it)")
    return box


def _rotation(fields: _Fields) -> int:
    value = fields.data.get("rotate", 0)
    if value not in (0, 180) or isinstance(value, bool):
        raise fields.fail("rotate", "0 or 180 (180 prints the back of a folded badge)")
    return int(value)


def _check_qr(box: Box, where: str) -> None:
    if box.module_mm < MIN_MODULE_MM:
        raise TemplateError(
            f"{where}: 'module_mm' {box.module_mm:g} is too small for a webcam at arm's "
            f"length; use {MIN_MODULE_MM} mm or more"
        )
    modules = MAX_QR_MODULES + 2 * box.quiet_zone
    needed = modules * box.module_mm
    if min(box.w, box.h) + 1e-6 < needed:
        raise TemplateError(
            f"{where}: the QR box is {box.w:g} x {box.h:g} mm, but a code with its quiet "
            f"zone needs {needed:g} x {needed:g} mm ({modules} modules of {box.module_mm:g} mm)"
        )


def _parse_sheet(data: Any, source: str, width: float, height: float) -> Sheet:
    where = f"{source}: [sheet]"
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: expected a table of fields")
    fields = _Fields(data, where, _SHEET_FIELDS)
    sheet = Sheet(
        width_mm=fields.number("width_mm", positive=True),
        height_mm=fields.number("height_mm", positive=True),
        columns=fields.integer("columns", 1),
        rows=fields.integer("rows", 1),
        cut_marks=fields.flag("cut_marks", True),
    )
    grid_w, grid_h = sheet.columns * width, sheet.rows * height
    if grid_w > sheet.width_mm + 1e-6 or grid_h > sheet.height_mm + 1e-6:
        raise TemplateError(
            f"{where}: {sheet.columns} x {sheet.rows} badges of {width:g} x {height:g} mm "
            f"({grid_w:g} x {grid_h:g} mm) do not fit on {sheet.width_mm:g} x "
            f"{sheet.height_mm:g} mm"
        )
    return sheet


def parse_template(data: Mapping[str, Any], *, source: str, folder: Path | None = None) -> Template:
    """Check a template's fields (as read from TOML or JSON) and build it."""
    fields = _Fields(data, source, _TOP_FIELDS)
    name = fields.text("name", Path(source).stem)
    width = fields.number("width_mm", positive=True)
    height = fields.number("height_mm", positive=True)
    boxes_data = data.get("box", [])
    if not isinstance(boxes_data, list) or not boxes_data:
        raise TemplateError(f"{source}: a template needs at least one [[box]]")
    boxes = tuple(_parse_box(b, i, source, width, height) for i, b in enumerate(boxes_data))
    if not any(b.kind == "qr" for b in boxes):
        raise TemplateError(f"{source}: a template needs a qr box: desks scan the badge code")
    if not any(b.kind == "name" for b in boxes):
        raise TemplateError(f"{source}: a template needs a name box")
    fold = fields.number("fold_mm", 0.0) if "fold_mm" in data else None
    if fold is not None and not 0 < fold < height:
        raise fields.fail("fold_mm", f"between 0 and the height ({height:g} mm)")
    sheet = _parse_sheet(data["sheet"], source, width, height) if "sheet" in data else None
    template = Template(
        name=name,
        width_mm=width,
        height_mm=height,
        boxes=boxes,
        description=fields.text("description", ""),
        font=fields.text("font", ""),
        fold_mm=fold,
        sheet=sheet,
        folder=folder,
    )
    for box in boxes:
        if box.kind == "logo" and folder is not None and not template.logo_path(box).is_file():
            raise TemplateError(
                f"{source}: logo file {box.file!r} is not in {folder}; put it beside the template"
            )
    return template


def iter_text_boxes(template: Template) -> Iterator[Box]:
    return (b for b in template.boxes if b.kind in TEXT_KINDS)
