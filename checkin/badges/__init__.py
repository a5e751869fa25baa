"""Badges as data: templates, layout, QR symbols and batch planning (no Qt here).

``ui.badges`` draws what these modules decide, to PDF, PNG or a printer.
"""

from checkin.badges.batch import (
    BadgeError,
    BadgeSource,
    PageLayout,
    Placement,
    SortKey,
    badge_to_print_on_entry,
    paginate,
    record_prints,
    select_badges,
)
from checkin.badges.layout import (
    ApproxMeasure,
    BadgeData,
    BadgeLayout,
    TextMeasure,
    layout_badge,
    name_lines,
)
from checkin.badges.qr import BadgeQrError, QrMatrix, encode
from checkin.badges.template import Template, TemplateError, load_template, template_names
from checkin.badges.walkin import FieldError, WalkInError, WalkInForm, validate_walk_in

__all__ = [
    "ApproxMeasure",
    "BadgeData",
    "BadgeError",
    "BadgeLayout",
    "BadgeQrError",
    "BadgeSource",
    "FieldError",
    "PageLayout",
    "Placement",
    "QrMatrix",
    "SortKey",
    "Template",
    "TemplateError",
    "TextMeasure",
    "WalkInError",
    "WalkInForm",
    "badge_to_print_on_entry",
    "encode",
    "layout_badge",
    "load_template",
    "name_lines",
    "paginate",
    "record_prints",
    "select_badges",
    "template_names",
    "validate_walk_in",
]
