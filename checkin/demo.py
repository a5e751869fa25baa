"""The demo event: the WeStart Global Entrepreneurship Investment Conference.

3,000 synthetic attendees with Chinese and English names, and a simulated
morning of arrivals at four desks.  Everything follows from the seed, so a
demo store is the same on every machine (apart from fact ids and clocks).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from faker import Faker

from checkin import badge_codes
from checkin.desk import Desk
from checkin.eventfile import EventConfig
from checkin.model import (
    AttendeeRecord,
    AttendeeState,
    Category,
    Direction,
    Event,
    Gate,
    OpeningHours,
)
from checkin.store import Store

TIMEZONE = "Asia/Shanghai"
DEMO_DAY = "2026-11-28"
DEMO_EVENT = Event(
    id="westart-2026",
    name="WeStart Global Entrepreneurship Investment Conference",
    name_zh="WeStart 全球创业投资大会",
    prefix="WS26",
    capacity=3000,
    timezone=TIMEZONE,
    venue="China Baowu Steel Conference and Convention Center, Shanghai",
)

# (name, Chinese label, ribbon colour, attention, share of the roster)
_CATEGORIES = [
    ("Attendee", "参会者", "#2f6fdf", False, 0.50),
    ("Startup", "创业者", "#1a7f37", False, 0.20),
    ("Investor", "投资人", "#8250df", False, 0.10),
    ("Media", "媒体", "#bf8700", False, 0.05),
    ("Speaker", "演讲嘉宾", "#cf222e", False, 0.04),
    ("Staff", "工作人员", "#57606a", False, 0.06),
    ("VIP", "贵宾", "#b08800", True, 0.05),
]
DEMO_CATEGORIES = tuple(Category(n, z, c, a) for n, z, c, a, _ in _CATEGORIES)
DEMO_GATES = (
    Gate("North Hall"),
    Gate("South Hall"),
    Gate(
        "Exhibition",
        ("Attendee", "Startup", "Investor", "Media", "Staff"),
        (OpeningHours("09:00", "17:30"),),
    ),
    Gate("VIP", ("VIP", "Speaker", "Staff")),
)
DEMO_CONFIG = EventConfig(DEMO_EVENT, DEMO_CATEGORIES, DEMO_GATES)

# Surnames and given-name characters with their pinyin, so a Chinese name and
# its romanisation belong to the same person.
_SURNAMES = [
    "王Wang",
    "李Li",
    "张Zhang",
    "刘Liu",
    "陈Chen",
    "杨Yang",
    "黄Huang",
    "赵Zhao",
    "吴Wu",
    "周Zhou",
    "徐Xu",
    "孙Sun",
    "马Ma",
    "朱Zhu",
    "胡Hu",
    "郭Guo",
    "何He",
    "林Lin",
    "罗Luo",
    "高Gao",
    "郑Zheng",
    "梁Liang",
    "谢Xie",
    "宋Song",
    "唐Tang",
    "许Xu",
    "韩Han",
    "冯Feng",
    "邓Deng",
    "曹Cao",
    "欧阳Ouyang",
    "司马Sima",
]
_GIVEN = [
    "伟wei",
    "芳fang",
    "娜na",
    "敏min",
    "静jing",
    "丽li",
    "强qiang",
    "磊lei",
    "军jun",
    "洋yang",
    "勇yong",
    "艳yan",
    "杰jie",
    "涛tao",
    "明ming",
    "超chao",
    "秀xiu",
    "霞xia",
    "平ping",
    "刚gang",
    "桂gui",
    "英ying",
    "华hua",
    "建jian",
    "文wen",
    "辉hui",
    "晨chen",
    "思si",
    "宇yu",
    "浩hao",
    "欣xin",
    "怡yi",
    "子zi",
    "涵han",
    "梓zi",
    "轩xuan",
    "博bo",
    "雨yu",
    "嘉jia",
    "俊jun",
]


def _split(pair: str) -> tuple[str, str]:
    index = next(i for i, c in enumerate(pair) if c.isascii())
    return pair[:index], pair[index:]


def _chinese_name(rng: random.Random) -> tuple[str, str]:
    surname_zh, surname_py = _split(rng.choice(_SURNAMES))
    parts = [_split(rng.choice(_GIVEN)) for _ in range(rng.choice((1, 2, 2)))]
    given_zh = "".join(p[0] for p in parts)
    given_py = "".join(p[1] for p in parts).capitalize()
    return surname_zh + given_zh, f"{given_py} {surname_py}"


def demo_roster(seed: int = 2026, count: int = 3000) -> list[AttendeeRecord]:
    rng = random.Random(seed)
    fake_zh, fake_en = Faker("zh_CN"), Faker("en_US")
    fake_zh.seed_instance(seed)
    fake_en.seed_instance(seed + 1)
    weights = [share for *_, share in _CATEGORIES]
    names = [name for name, *_ in _CATEGORIES]
    records = []
    for number in range(1, count + 1):
        category = rng.choices(names, weights)[0]
        if rng.random() < 0.7:
            name_zh, name_en = _chinese_name(rng)
            name, name_alt, company = name_en, name_zh, fake_zh.company()
            phone = fake_zh.phone_number()
        else:
            name, name_alt, company = fake_en.name(), "", fake_en.company()
            phone = fake_en.numerify("+1 ###-###-####")
        email_user = "".join(c for c in name.lower() if c.isalpha())[:16] or "guest"
        note = (
            "Keynote speaker: escort to green room"
            if category == "Speaker" and number % 7 == 0
            else ""
        )
        state = AttendeeState.CANCELLED if number % 300 == 17 else AttendeeState.ACTIVE
        records.append(
            AttendeeRecord(
                number=number,
                name=name,
                name_alt=name_alt,
                company=company,
                title=fake_en.job()[:60],
                email=f"{email_user}.{number}@example.com",
                phone=phone,
                category=category,
                note=note,
                state=state,
            )
        )
    return records


def create_demo_event(
    path: Path, *, seed: int = 2026, attendees: int = 3000, now: datetime | None = None
) -> Store:
    """A new store with the demo event and its roster (no scans yet)."""
    start = now or morning_start()
    key = random.Random(seed).randbytes(badge_codes.KEY_BYTES)
    store = Store.create(
        path,
        event=DEMO_EVENT,
        categories=DEMO_CATEGORIES,
        gates=DEMO_GATES,
        key=key,
        now=start - timedelta(days=7),
        desk="badge-station",
    )
    store.upsert_attendees(demo_roster(seed, attendees), start - timedelta(days=7))
    return store


def morning_start() -> datetime:
    return datetime.fromisoformat(f"{DEMO_DAY}T08:00:00").replace(tzinfo=ZoneInfo(TIMEZONE))


@dataclass(frozen=True)
class PlannedScan:
    at: datetime
    gate: str
    direction: Direction
    text: str


_DESKS = {
    "North Hall": "desk-north",
    "South Hall": "desk-south",
    "Exhibition": "desk-expo",
    "VIP": "desk-vip",
}


def plan_morning(store: Store, seed: int = 2026) -> list[PlannedScan]:
    """Three hours of arrivals, with the mess of a real morning mixed in."""
    rng = random.Random(seed * 31 + 7)
    event, key = store.event(), store.event_key()
    start = morning_start()
    plan: list[PlannedScan] = []

    def code(number: int, version: int = 1) -> str:
        return badge_codes.mint(key, event.prefix, number, version)

    def at(minutes: float) -> datetime:
        return start + timedelta(minutes=minutes)

    for attendee in store.attendees():
        if rng.random() > 0.85:
            continue  # not (yet) arrived
        minute = rng.triangular(0, 180, 50)
        if attendee.category in ("VIP", "Speaker"):
            gate = "VIP" if rng.random() < 0.7 else "North Hall"
        else:
            gate = rng.choices(["North Hall", "South Hall", "Exhibition"], [45, 40, 15])[0]
            if gate == "Exhibition" and minute < 60:
                plan.append(PlannedScan(at(minute), gate, Direction.ENTRY, code(attendee.number)))
                minute += 0.5  # sent round from the closed exhibition door
                gate = "North Hall"
        if attendee.category == "Staff" and rng.random() < 0.05:
            plan.append(PlannedScan(at(minute), "VIP", Direction.ENTRY, code(attendee.number)))
        if attendee.category not in ("VIP", "Speaker", "Staff") and rng.random() < 0.01:
            plan.append(PlannedScan(at(minute), "VIP", Direction.ENTRY, code(attendee.number)))
            minute += 0.5  # not allowed at the VIP door, walks to North Hall
            gate = "North Hall"
        version = attendee.badge_version
        plan.append(PlannedScan(at(minute), gate, Direction.ENTRY, code(attendee.number, version)))
        if rng.random() < 0.03:  # held in front of the scanner twice
            plan.append(
                PlannedScan(
                    at(minute + 0.01), gate, Direction.ENTRY, code(attendee.number, version)
                )
            )
        if rng.random() < 0.02:  # scanned again later by another desk
            plan.append(
                PlannedScan(
                    at(minute + 20), "South Hall", Direction.ENTRY, code(attendee.number, version)
                )
            )
        if rng.random() < 0.12:  # goes out for a while
            out = minute + rng.uniform(10, 60)
            plan.append(
                PlannedScan(
                    at(out),
                    gate if gate != "Exhibition" else "North Hall",
                    Direction.EXIT,
                    code(attendee.number, version),
                )
            )
            if rng.random() < 0.6:
                plan.append(
                    PlannedScan(
                        at(out + rng.uniform(5, 40)),
                        "South Hall",
                        Direction.ENTRY,
                        code(attendee.number, version),
                    )
                )
    for attendee in store.attendees():
        if attendee.badge_version > 1:  # the lost badge turns up in someone's hands
            plan.append(
                PlannedScan(
                    at(rng.uniform(30, 170)),
                    "North Hall",
                    Direction.ENTRY,
                    code(attendee.number, 1),
                )
            )
    for _ in range(15):
        minute = rng.uniform(0, 180)
        gate = rng.choice(["North Hall", "South Hall"])
        number = rng.randint(1, 3000)
        forged = code(number)[:-4] + "AAAA"
        plan.append(PlannedScan(at(minute), gate, Direction.ENTRY, forged))
        plan.append(
            PlannedScan(at(minute + 1), gate, Direction.ENTRY, "https://westart.example.com/ticket")
        )
        plan.append(
            PlannedScan(
                at(minute + 2),
                gate,
                Direction.ENTRY,
                badge_codes.mint(b"other-event", "GIS25", number, 1),
            )
        )
        plan.append(PlannedScan(at(minute + 3), gate, Direction.EXIT, code(rng.randint(1, 3000))))
    plan.sort(key=lambda scan: scan.at)
    return plan


def reissue_lost_badges(store: Store, seed: int = 2026) -> list[int]:
    """Reissue a few badges before the doors open, as a badge station would."""
    rng = random.Random(seed * 31 + 7)
    numbers = [a.number for a in rng.sample(store.attendees(), 12)]
    for number in numbers:
        store.reissue_badge(number, morning_start() - timedelta(hours=1))
    return numbers


def simulate_morning(
    store: Store, *, seed: int = 2026, progress: Callable[[int, int], None] | None = None
) -> int:
    """Run the planned scans through four desks; returns how many were made."""
    reissue_lost_badges(store, seed)
    plan = plan_morning(store, seed)
    desks = {gate: Desk(store, gate=gate, desk_id=desk) for gate, desk in _DESKS.items()}
    for index, scan in enumerate(plan):
        desk = desks[scan.gate]
        desk.direction = scan.direction
        desk.scan(scan.text, scan.at)
        if progress and index % 200 == 0:
            progress(index, len(plan))
    if progress:
        progress(len(plan), len(plan))
    return len(plan)
