"""Which attendee field a roster column holds, from its header in English or Chinese.

Headers are compared after NFKC, case folding and dropping everything but
letters and digits, so "E-mail", "email " and "ＥＭＡＩＬ" are one header.
Bilingual headers ("姓名 Name", "Company/单位") are split into their Chinese
and Latin parts, and mapped when the parts agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Roles a column can play.  Most are AttendeeRecord fields; the name roles are
# resolved per row by the name rule (see NameColumns).
NAME = "name"
NAME_EN = "name_en"
NAME_ZH = "name_zh"
NAME_ALT = "name_alt"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
COMPANY = "company"
TITLE = "title"
EMAIL = "email"
PHONE = "phone"
CATEGORY = "category"
NOTE = "note"
TICKET_CODE = "ticket_code"
STATE = "state"
NUMBER = "number"

NAME_ROLES = frozenset({NAME, NAME_EN, NAME_ZH, FIRST_NAME, LAST_NAME})

# fmt: off
_SYNONYMS: dict[str, tuple[str, ...]] = {
    NAME: (
        "name", "fullname", "attendee", "attendeename", "participant", "participantname",
        "guest", "guestname", "delegate", "delegatename", "姓名", "名字", "全名", "参会人",
        "参会人姓名", "参会者", "参会者姓名", "嘉宾", "嘉宾姓名",
    ),
    NAME_EN: (
        "englishname", "nameen", "nameenglish", "enname", "engname", "nameinenglish",
        "pinyin", "英文名", "英文姓名", "英文名字", "姓名英文", "拼音", "姓名拼音",
    ),
    NAME_ZH: (
        "chinesename", "namezh", "namecn", "namechinese", "cnname", "zhname",
        "nameinchinese", "中文名", "中文姓名", "中文名字", "姓名中文",
    ),
    NAME_ALT: ("namealt", "alternatename", "altname", "othername", "别名"),
    FIRST_NAME: ("firstname", "givenname", "forename", "名"),
    LAST_NAME: ("lastname", "surname", "familyname", "姓"),
    COMPANY: (
        "company", "companyname", "organization", "organisation", "organizationname",
        "organisationname", "org", "affiliation", "institution", "employer", "单位", "公司",
        "机构", "工作单位", "单位名称", "公司名称", "机构名称", "组织", "所在单位", "企业",
        "企业名称",
    ),
    TITLE: ("title", "jobtitle", "position", "职位", "职务", "头衔", "职称", "岗位"),
    EMAIL: (
        "email", "emailaddress", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址",
        "电子邮件地址",
    ),
    PHONE: (
        "phone", "phonenumber", "mobile", "mobilephone", "mobilenumber", "cellphone", "cell",
        "tel", "telephone", "contactnumber", "手机", "电话", "手机号", "手机号码", "联系电话",
        "电话号码", "联系方式",
    ),
    CATEGORY: (
        "category", "type", "attendeetype", "attendeecategory", "tickettype", "group", "类别",
        "类型", "身份", "参会类型", "参会身份", "嘉宾类型", "分类", "票种",
    ),
    NOTE: ("note", "notes", "remark", "remarks", "comment", "comments", "备注", "说明"),
    TICKET_CODE: (
        "ticket", "ticketcode", "ticketno", "ticketnumber", "ticketid", "barcode", "票号",
        "票码", "门票号", "电子票号", "检票码",
    ),
    STATE: ("status", "state", "registrationstatus", "状态", "报名状态"),
    # Not "no" or 序号: those are usually row counters, and taking them as
    # attendee numbers would swap people's badges when the sheet is re-sorted.
    NUMBER: ("id", "number", "attendeeid", "attendeeno", "attendeenumber", "编号", "参会编号"),
}
# fmt: on

_ROLE_BY_KEY: dict[str, str] = {key: role for role, keys in _SYNONYMS.items() for key in keys}


def accepted_headers() -> dict[str, tuple[str, ...]]:
    """Every header a roster column may have, per field, as compared (case and spaces aside).

    The one list that ``checkin import --help`` and the README show, so an
    organiser preparing a spreadsheet knows what will be recognised.
    """
    return dict(_SYNONYMS)


def headers_help() -> str:
    """``accepted_headers`` as lines for a help text: ``field: header, header, ...``."""
    return "\n".join(f"{role}: {', '.join(keys)}" for role, keys in _SYNONYMS.items())


_CJK_RUN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]+")


def normalise(text: str) -> str:
    """The comparison key of a header or a category: letters and digits, case-folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


def role_of(header: str) -> str | None:
    """The role of a column from its header, or None when it is not one we use."""
    role = _ROLE_BY_KEY.get(normalise(header))
    if role is not None:
        return role
    text = unicodedata.normalize("NFKC", header)
    parts = [normalise(part) for part in _CJK_RUN.findall(text)]
    parts.append(normalise(_CJK_RUN.sub(" ", text)))
    roles = {_ROLE_BY_KEY.get(part) for part in parts if part}
    if len(roles) == 1:
        return roles.pop()
    # Known parts agree and the rest is unknown ("姓名（必填）Name"): still one role.
    roles.discard(None)
    return roles.pop() if len(roles) == 1 else None


@dataclass(frozen=True)
class ColumnMap:
    """Where each role's values are in a row: the columns in file order.

    A role may have several columns ("手机" and "电话"): the first one that is
    not empty in a row wins.
    """

    roles: dict[str, tuple[int, ...]]
    # Header as written -> the AttendeeRecord field it ends up filling.
    fields: dict[str, str]

    @property
    def has_name(self) -> bool:
        return any(role in self.roles for role in NAME_ROLES)


def map_columns(headers: Sequence[str]) -> ColumnMap:
    positions: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        role = role_of(header)
        if role is not None:
            positions.setdefault(role, []).append(index)
    roles = {role: tuple(indexes) for role, indexes in positions.items()}
    fields: dict[str, str] = {}
    for role, indexes in roles.items():
        for index in indexes:
            fields[headers[index].strip()] = _field_of(role, roles)
    return ColumnMap(roles, fields)


def _field_of(role: str, roles: dict[str, tuple[int, ...]]) -> str:
    """The AttendeeRecord field a role fills, given the other columns present."""
    if role in (FIRST_NAME, LAST_NAME):
        return NAME
    if role in (NAME_EN, NAME_ZH):
        if NAME in roles:
            return NAME_ALT
        if role == NAME_EN or NAME_EN not in roles:
            return NAME
        return NAME_ALT
    return role
