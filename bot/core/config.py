"""config.yaml loaded once into frozen, validated objects; every mistake explained in words."""

from __future__ import annotations

import difflib
import re
from datetime import date, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, available_timezones

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.core.calendar import WorkCalendar
from bot.core.errors import ConfigError
from bot.core.rules import RuleSettings
from bot.core.segments import LABELS, LABELS_EN, Role, Segment, segment_role
from sheets.fields import STATUS_WORDS, STATUS_WORDS_EN, Status
from sheets.fields import Field as SheetField
from sheets.table import TableSettings
from sheets.values import norm

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_WORDS = {
    **{d: i for i, d in enumerate(WEEKDAYS)},
    **{d: i for i, d in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"))},
    **{d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday"))},
}
DEFAULT_REASONS = [
    "Дорого", "Нет нужного товара", "Работаем с другим поставщиком", "Нет потребности",
    "Неудобная доставка", "Не устроил сервис", "Другое",
]


class _Model(BaseModel):
    """Frozen, strict about unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SheetConfig(_Model):
    """Where the client base lives and how its tabs and headers are named."""

    backend: Literal["xlsx", "google"] = "xlsx"
    path: Path | None = None
    spreadsheet: str | None = None
    credentials: Path | None = None
    api_url: str | None = None  # a stand-in or proxy of the Sheets API (tests, self-hosting)
    tab: str = "Клиенты"
    journal_tab: str = "Журнал"
    purchases_tab: str = "Покупки"
    report_tab: str = "Отчёт"
    headers: dict[SheetField, str] = Field(default_factory=dict)


class RulesConfig(_Model):
    """The segment rules' settings: PRODUCT.md's defaults."""

    active_months: int = Field(6, ge=1, le=120)
    lapsed_role: Literal[Role.closer, Role.account_manager] = Role.closer
    worked_out_reasons: list[str] = ["Дорого", "Работаем с другим поставщиком"]
    offer_followup_days: int = Field(3, ge=0)
    retry_after_days: int = Field(90, ge=0)
    followup_after_days: int = Field(14, ge=0)
    reactivate_after_days: int = Field(30, ge=1)
    touch_every_days: int = Field(30, ge=1)
    refusal_reasons: list[str] = DEFAULT_REASONS
    statuses: dict[Status, str] = Field(default_factory=dict)
    segment_labels: dict[Segment, str] = Field(default_factory=dict)


class Manager(_Model):
    """A person who gets a list: his name as written in the owner column, role and Telegram id."""

    name: str = Field(min_length=1)
    role: Role
    telegram_id: int
    daily_limit: int = Field(40, ge=0)


class TelegramConfig(_Model):
    """Where the bot token comes from (an environment variable) and the Bot API address."""

    token_env: str = "TELEGRAM_BOT_TOKEN"
    base_url: str = "https://api.telegram.org/bot"


class ScheduleConfig(_Model):
    """When the worker syncs and sends the morning lists, and which days are working days."""

    morning: time = time(9, 0)
    sync_every_minutes: int = Field(15, ge=1, le=1440)
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    holidays: tuple[date, ...] = ()

    @field_validator("morning", mode="before")
    @classmethod
    def _hhmm(cls, v: Any) -> Any:
        """Accept "9:00" / "09:00" (YAML may also give minutes since midnight for 9:00)."""
        if isinstance(v, int) and 0 <= v < 24 * 60:
            return time(v // 60, v % 60)
        if isinstance(v, str):
            m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", v)
            if not m or int(m[1]) > 23 or int(m[2]) > 59:
                raise ValueError("bad time")
            return time(int(m[1]), int(m[2]))
        return v

    @field_validator("workdays", mode="before")
    @classmethod
    def _days(cls, v: Any) -> Any:
        """Weekday words (mon…sun, пн…вс) to numbers 0…6."""
        if not isinstance(v, (list, tuple)):
            raise ValueError("bad weekday list")
        days = []
        for d in v:
            key = str(d).strip().lower()
            if key not in _WEEKDAY_WORDS:
                raise ValueError(f"bad weekday {d}")
            days.append(_WEEKDAY_WORDS[key])
        return tuple(sorted(set(days)))


class ReportConfig(_Model):
    """The head's report: the daily target in norm-hours and the weekly report's day."""

    daily_target_hours: float = Field(6.0, ge=0, le=24)
    weekly_on: str | None = "mon"  # the weekday the weekly report goes to the heads; null: never

    @field_validator("weekly_on")
    @classmethod
    def _weekday(cls, v: str | None) -> str | None:
        """A weekday word (mon…sun, пн…вс) or nothing."""
        if v is None:
            return None
        key = str(v).strip().lower()
        if key not in _WEEKDAY_WORDS:
            raise ValueError(f"bad weekday {v}")
        return WEEKDAYS[_WEEKDAY_WORDS[key]]


class Config(_Model):
    """The whole config.yaml."""

    timezone: str = "Europe/Moscow"
    language: Literal["ru", "en"] = "ru"
    sheet: SheetConfig = SheetConfig()
    rules: RulesConfig = RulesConfig()
    managers: list[Manager]
    heads: list[int] = []
    norms: dict[str, float] = {"call": 5, "letter": 10, "meeting": 60}
    telegram: TelegramConfig = TelegramConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    report: ReportConfig = ReportConfig()
    state: Path | None = None  # the bot's own state file (sent lists, outbox); beside config
    source: Path = Path("config.yaml")  # where it was read from (not a key a user sets)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        """A timezone the machine knows (IANA name)."""
        try:
            ZoneInfo(v)
        except Exception:
            raise ValueError("bad timezone") from None
        return v

    @property
    def tz(self) -> ZoneInfo:
        """The configured timezone."""
        return ZoneInfo(self.timezone)

    def table_settings(self) -> TableSettings:
        """How the sheets layer should find and read the clients tab."""
        return TableSettings(self.sheet.tab, dict(self.sheet.headers), dict(self.rules.statuses))

    def label(self, segment: Segment) -> str:
        """The word written in the segment column for a segment."""
        default = LABELS_EN if self.language == "en" else LABELS
        return self.rules.segment_labels.get(segment, default[segment])

    def rule_settings(self) -> RuleSettings:
        """The rules' settings as plain values."""
        r = self.rules
        return RuleSettings(
            active_months=r.active_months,
            lapsed_role=r.lapsed_role,
            worked_out_reasons=frozenset(norm(x) for x in r.worked_out_reasons),
            offer_followup_days=r.offer_followup_days,
            retry_after_days=r.retry_after_days,
            followup_after_days=r.followup_after_days,
            reactivate_after_days=r.reactivate_after_days,
            touch_every_days=r.touch_every_days,
            calendar=self.calendar(),
        )

    def calendar(self) -> WorkCalendar:
        """Working days from schedule.workdays and schedule.holidays."""
        return WorkCalendar(frozenset(self.schedule.workdays), frozenset(self.schedule.holidays))

    def segment_of_label(self, label: str) -> Segment | None:
        """The segment a label in the sheet means (configured, Russian or English words)."""
        key = norm(label)
        if not key:
            return None
        for words in (self.rules.segment_labels, LABELS, LABELS_EN):
            for segment, word in words.items():
                if norm(word) == key:
                    return segment
        return None

    def status_word(self, status: Status) -> str:
        """The word the bot writes for a status, in the configured language."""
        default = STATUS_WORDS_EN if self.language == "en" else STATUS_WORDS
        return self.rules.statuses.get(status, default[status])

    def status_words(self) -> list[str]:
        """The status words to offer a user, in the configured language."""
        default = STATUS_WORDS_EN if self.language == "en" else STATUS_WORDS
        return [self.rules.statuses.get(s, w) for s, w in default.items()]

    def managers_of(self, role: Role) -> list[Manager]:
        """Managers of one role, in config order."""
        return [m for m in self.managers if m.role is role]


def parse_config(raw: dict[str, Any], source: Path) -> Config:
    """Validate config.yaml's mapping; relative paths become relative to `source`'s folder."""
    where = str(source)
    try:
        cfg = Config.model_validate({**raw, "source": source})
    except ValidationError as err:
        raise ConfigError(where, [_explain(dict(e), raw) for e in err.errors()]) from None
    problems = _cross_checks(cfg)
    if problems:
        raise ConfigError(where, problems)
    return _resolve_paths(cfg, source.parent)


def _resolve_paths(cfg: Config, base: Path) -> Config:
    """Make sheet.path, sheet.credentials and state absolute, relative to the config's folder."""
    sheet = cfg.sheet
    updates = {}
    for key in ("path", "credentials"):
        value = getattr(sheet, key)
        if value is not None and not value.is_absolute():
            updates[key] = base / value
    state = cfg.state if cfg.state is not None else Path(".bot-state.sqlite3")
    return cfg.model_copy(update={
        "sheet": sheet.model_copy(update=updates),
        "state": state if state.is_absolute() else base / state,
    })


def _loc(loc: tuple[Any, ...]) -> str:
    """A pydantic location as the key path a user reads: managers[1].role."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _value_at(raw: Any, loc: tuple[Any, ...]) -> Any:
    """The raw YAML value at a location, or None."""
    for part in loc:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose keys are allowed at a location (for suggesting the nearest key)."""
    model: Any = Config
    for part in loc:
        if isinstance(part, int):
            continue
        fld = model.model_fields.get(part) if model else None
        if fld is None:
            return None
        ann = fld.annotation
        args = getattr(ann, "__args__", ())
        candidates = [ann, *args]
        model = next((c for c in candidates if isinstance(c, type) and
                      issubclass(c, BaseModel)), None)
    return model


def _nearest(word: str, choices: list[str]) -> str:
    """' (может быть, X?)' for the closest allowed word, or ''."""
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.5)
    return close[0] if close else ""


_WHAT = {
    "role": ("одно из: cold_caller, closer, account_manager",
             "one of: cold_caller, closer, account_manager"),
    "lapsed_role": ("closer или account_manager", "closer or account_manager"),
    "telegram_id": ("число — Telegram id менеджера (он узнает его, написав боту /start)",
                    "a number — the manager's Telegram id (he learns it by sending /start)"),
    "backend": ("xlsx или google", "xlsx or google"),
    "language": ("ru или en", "ru or en"),
    "morning": ("время ЧЧ:ММ в кавычках, например \"09:00\"",
                "a time HH:MM in quotes, e.g. \"09:00\""),
    "workdays": ("дни недели из списка mon, tue, wed, thu, fri, sat, sun",
                 "weekdays from mon, tue, wed, thu, fri, sat, sun"),
    "weekly_on": ("день недели: mon, tue, wed, thu, fri, sat, sun (или null — не слать)",
                  "a weekday: mon, tue, wed, thu, fri, sat, sun (or null — never)"),
    "holidays": ("даты ГГГГ-ММ-ДД, например 2026-12-31",
                 "dates YYYY-MM-DD, e.g. 2026-12-31"),
    "timezone": ("часовой пояс вида Europe/Moscow", "a timezone such as Europe/Moscow"),
}


def _explain(error: dict[str, Any], raw: dict[str, Any]) -> tuple[str, str]:
    """One pydantic error as (ru, en) words: the key, the bad value, what to write."""
    loc = tuple(error["loc"])
    key = _loc(loc)
    kind = error["type"]
    value = _value_at(raw, loc)
    leaf = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = [k for k in (model.model_fields if model else {}) if k != "source"]
        near = _nearest(str(loc[-1]), allowed)
        hint_ru = f" Может быть, «{near}»?" if near else ""
        hint_en = f" Did you mean '{near}'?" if near else ""
        return (f"{key}: такого ключа нет.{hint_ru} Допустимые: {', '.join(allowed)}.",
                f"{key}: unknown key.{hint_en} Allowed: {', '.join(allowed)}.")
    if kind == "missing":
        who = _manager_name(raw, loc)
        return (f"{key}: не указан{who[0]}. Напишите {_what(leaf, 0)}.",
                f"{key}: missing{who[1]}. Write {_what(leaf, 1)}.")
    if leaf == "timezone" and isinstance(value, str):
        near = _nearest(value, sorted(available_timezones()))
        hint = f" (может быть, {near}?)" if near else ""
        hint_en = f" (did you mean {near}?)" if near else ""
        return (f"timezone: «{value}» — неизвестный часовой пояс. Напишите {_what(leaf, 0)}"
                f"{hint}.", f"timezone: '{value}' is not a known timezone. Write "
                f"{_what(leaf, 1)}{hint_en}.")
    if isinstance(value, str) and leaf in ("role", "lapsed_role", "backend", "language"):
        options = [o.strip() for o in _WHAT[leaf][1].replace(" or ", ",").split(":")[-1]
                   .split(",")]
        near = _nearest(value, options)
        hint = f" (может быть, {near}?)" if near else ""
        hint_en = f" (did you mean {near}?)" if near else ""
        return (f"{key}: «{value}» — такого значения нет. Напишите {_what(leaf, 0)}{hint}.",
                f"{key}: '{value}' is not allowed. Write {_what(leaf, 1)}{hint_en}.")
    shown = value if value is not None else error.get("input")
    msg = str(error["msg"]).removeprefix("Value error, ")
    return (f"{key}: «{shown}» не подходит ({msg}). Напишите {_what(leaf, 0)}.",
            f"{key}: '{shown}' is not valid ({msg}). Write {_what(leaf, 1)}.")


def _what(leaf: str, lang: int) -> str:
    """What to write for a key, in words."""
    if leaf in _WHAT:
        return _WHAT[leaf][lang]
    return "значение как в примере config.yaml" if lang == 0 else "a value as in the example"


def _manager_name(raw: dict[str, Any], loc: tuple[Any, ...]) -> tuple[str, str]:
    """' у менеджера «Игорь»' when the location is inside a manager entry."""
    if len(loc) >= 2 and loc[0] == "managers" and isinstance(loc[1], int):
        name = _value_at(raw, ("managers", loc[1], "name"))
        if name:
            return f" у менеджера «{name}»", f" for manager '{name}'"
    return "", ""


def _cross_checks(cfg: Config) -> list[tuple[str, str]]:
    """Problems no single key shows: duplicates, roles nobody has, missing sheet settings."""
    problems: list[tuple[str, str]] = []
    if not cfg.managers:
        problems.append(("managers: список пуст. Добавьте хотя бы одного менеджера: "
                         "{name: Ольга, role: cold_caller, telegram_id: 111111111}.",
                         "managers: the list is empty. Add at least one manager: "
                         "{name: Olga, role: cold_caller, telegram_id: 111111111}."))
    problems += _duplicates(cfg)
    lapsed = cfg.rules.lapsed_role
    for segment in Segment:
        role = segment_role(segment, lapsed)
        if role is not None and not cfg.managers_of(role) and cfg.managers:
            problems.append((
                f"managers: нет ни одного менеджера с ролью {role} — а сегмент "
                f"«{cfg.label(segment)}» обслуживает эта роль. Добавьте менеджера с role: {role}"
                + (" или поменяйте rules.lapsed_role." if segment is Segment.lapsed else "."),
                f"managers: no manager has role {role}, which serves segment "
                f"'{cfg.label(segment)}'. Add a manager with role: {role}"
                + (" or change rules.lapsed_role." if segment is Segment.lapsed else "."),
            ))
    if cfg.sheet.backend == "xlsx" and cfg.sheet.path is None:
        problems.append(("sheet.path: не указан путь к файлу .xlsx. Напишите, например, "
                         "path: data/clients.xlsx (путь от папки config.yaml).",
                         "sheet.path: no .xlsx path. Write, e.g., path: data/clients.xlsx "
                         "(relative to the config's folder)."))
    if cfg.sheet.backend == "google" and not cfg.sheet.spreadsheet:
        problems.append(("sheet.spreadsheet: не указана таблица Google. Вставьте её адрес "
                         "(https://docs.google.com/spreadsheets/d/…) или id.",
                         "sheet.spreadsheet: no Google sheet given. Paste its URL "
                         "(https://docs.google.com/spreadsheets/d/…) or id."))
    return _dedupe(problems)


def _duplicates(cfg: Config) -> list[tuple[str, str]]:
    """Managers sharing a name (case and ё ignored) or a Telegram id."""
    problems = []
    seen_names: dict[str, int] = {}
    seen_ids: dict[int, int] = {}
    for i, m in enumerate(cfg.managers):
        key = norm(m.name)
        if key in seen_names:
            j = seen_names[key]
            problems.append((f"managers[{i}].name: имя «{m.name}» уже есть у managers[{j}]. "
                             f"Имена должны различаться — как их пишут в «Ответственный».",
                             f"managers[{i}].name: '{m.name}' is already used by managers[{j}]. "
                             f"Names must differ, as they are written in the owner column."))
        seen_names.setdefault(key, i)
        if m.telegram_id in seen_ids:
            j = seen_ids[m.telegram_id]
            problems.append((f"managers[{i}].telegram_id: {m.telegram_id} уже есть у "
                             f"managers[{j}]. У каждого менеджера свой Telegram id.",
                             f"managers[{i}].telegram_id: {m.telegram_id} is already used by "
                             f"managers[{j}]. Each manager has his own Telegram id."))
        seen_ids.setdefault(m.telegram_id, i)
    return problems


def _dedupe(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Problems without repeats, in order."""
    return list(dict.fromkeys(problems))
