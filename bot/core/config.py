"""config.yaml loaded once into frozen, validated objects; every mistake explained in words."""

from __future__ import annotations

import difflib
import re
from datetime import date, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, available_timezones

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from bot.core.calendar import WorkCalendar
from bot.core.errors import ConfigError, Phrase
from bot.core.rules import RuleSettings
from bot.core.segments import Role, Segment, label_key, segment_role
from bot.words import LANGUAGES, Words
from sheets.fields import BOT_FIELDS, HEADERS, STATUS_WORDS, STATUS_WORDS_EN, Status
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


# The sheets layer's status words (it reads both languages), by language.
_STATUS_WORDS = {"ru": STATUS_WORDS, "en": STATUS_WORDS_EN}


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
                raise PydanticCustomError("config.bad_time", "bad time")
            return time(int(m[1]), int(m[2]))
        return v

    @field_validator("workdays", mode="before")
    @classmethod
    def _days(cls, v: Any) -> Any:
        """Weekday words (mon…sun, пн…вс) to numbers 0…6."""
        if not isinstance(v, (list, tuple)):
            raise PydanticCustomError("config.bad_weekdays", "bad weekday list")
        days = []
        for d in v:
            key = str(d).strip().lower()
            if key not in _WEEKDAY_WORDS:
                raise PydanticCustomError("config.bad_weekday", "bad weekday {day}", {"day": d})
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
            raise PydanticCustomError("config.bad_weekday", "bad weekday {day}", {"day": v})
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
            raise PydanticCustomError("config.bad_timezone", "bad timezone") from None
        return v

    @property
    def tz(self) -> ZoneInfo:
        """The configured timezone."""
        return ZoneInfo(self.timezone)

    def table_settings(self) -> TableSettings:
        """How the sheets layer should find and read the clients tab."""
        return TableSettings(self.sheet.tab, dict(self.sheet.headers), dict(self.rules.statuses))

    def words(self) -> Words:
        """The catalogue of the configured language."""
        return Words(self.language)

    def label(self, segment: Segment) -> str:
        """The word written in the segment column for a segment."""
        configured = self.rules.segment_labels.get(segment)
        return configured if configured is not None else self.words()(label_key(segment))

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
        defaults = [{s: Words(lang)(label_key(s)) for s in Segment} for lang in LANGUAGES]
        for words in (self.rules.segment_labels, *defaults):
            for segment, word in words.items():
                if norm(word) == key:
                    return segment
        return None

    def status_word(self, status: Status) -> str:
        """The word the bot writes for a status, in the configured language."""
        return self.rules.statuses.get(status, _STATUS_WORDS[self.language][status])

    def status_words(self) -> list[str]:
        """The status words to offer a user, in the configured language."""
        default = _STATUS_WORDS[self.language]
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
    """The closest allowed word, or ''."""
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.5)
    return close[0] if close else ""


# What to write for a key, in words: the catalogue key per config key.
_WHAT = {
    "role": "config.what.role",
    "lapsed_role": "config.what.lapsed_role",
    "telegram_id": "config.what.telegram_id",
    "backend": "config.what.backend",
    "language": "config.what.language",
    "morning": "config.what.morning",
    "workdays": "config.what.workdays",
    "weekly_on": "config.what.weekly_on",
    "holidays": "config.what.holidays",
    "timezone": "config.what.timezone",
}
# The values a choice key allows, for "did you mean".
_OPTIONS = {
    "role": [r.value for r in Role],
    "lapsed_role": [Role.closer.value, Role.account_manager.value],
    "backend": ["xlsx", "google"],
    "language": list(LANGUAGES),
}


def _explain(error: dict[str, Any], raw: dict[str, Any]) -> Phrase:
    """One pydantic error in words: the key, the bad value, what to write."""
    loc = tuple(error["loc"])
    key = _loc(loc)
    kind = error["type"]
    value = _value_at(raw, loc)
    leaf = next((p for p in reversed(loc) if isinstance(p, str)), "")
    what = Phrase.of(_WHAT.get(leaf, "config.what.default"))
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = [k for k in (model.model_fields if model else {}) if k != "source"]
        near = _nearest(str(loc[-1]), allowed)
        return Phrase.of("config.unknown_key", key=key, allowed=", ".join(allowed),
                         hint=Phrase.of("config.did_you_mean_key", near=near) if near else "")
    if kind == "missing":
        return Phrase.of("config.missing", key=key, who=_manager_name(raw, loc), what=what)
    if leaf == "timezone" and isinstance(value, str):
        return Phrase.of("config.unknown_timezone", value=value, what=what,
                         hint=_did_you_mean(value, sorted(available_timezones())))
    if isinstance(value, str) and leaf in _OPTIONS:
        return Phrase.of("config.not_allowed", key=key, value=value, what=what,
                         hint=_did_you_mean(value, _OPTIONS[leaf]))
    shown = value if value is not None else error.get("input")
    why: Phrase | str = str(error["msg"]).removeprefix("Value error, ")
    if kind.startswith("config."):  # our own validators' words
        why = Phrase.of(kind, **error.get("ctx", {}))
    return Phrase.of("config.not_valid", key=key, value=str(shown), why=why, what=what)


def _did_you_mean(value: str, choices: list[str]) -> Phrase | str:
    """' (может быть, X?)' for the closest allowed value, or ''."""
    near = _nearest(value, choices)
    return Phrase.of("config.did_you_mean", near=near) if near else ""


def _manager_name(raw: dict[str, Any], loc: tuple[Any, ...]) -> Phrase | str:
    """' у менеджера «Игорь»' when the location is inside a manager entry."""
    if len(loc) >= 2 and loc[0] == "managers" and isinstance(loc[1], int):
        name = _value_at(raw, ("managers", loc[1], "name"))
        if name:
            return Phrase.of("config.for_manager", name=name)
    return ""


def _cross_checks(cfg: Config) -> list[Phrase]:
    """Problems no single key shows: duplicates, roles nobody has, missing sheet settings."""
    problems: list[Phrase] = []
    if not cfg.managers:
        problems.append(Phrase.of("config.no_managers", role=Role.cold_caller.value))
    problems += _duplicates(cfg)
    problems += _header_clashes(cfg.sheet.headers)
    lapsed = cfg.rules.lapsed_role
    for segment in Segment:
        role = segment_role(segment, lapsed)
        if role is not None and not cfg.managers_of(role) and cfg.managers:
            key = "config.no_lapsed_role" if segment is Segment.lapsed else "config.no_role"
            problems.append(Phrase.of(key, role=role.value, segment=cfg.label(segment)))
    if cfg.sheet.backend == "xlsx" and cfg.sheet.path is None:
        problems.append(Phrase.of("config.no_path"))
    if cfg.sheet.backend == "google" and not cfg.sheet.spreadsheet:
        problems.append(Phrase.of("config.no_spreadsheet"))
    return _dedupe(problems)


def _duplicates(cfg: Config) -> list[Phrase]:
    """Managers sharing a name (case and ё ignored) or a Telegram id."""
    problems = []
    seen_names: dict[str, int] = {}
    seen_ids: dict[int, int] = {}
    for i, m in enumerate(cfg.managers):
        key = norm(m.name)
        if key in seen_names:
            problems.append(Phrase.of("config.same_name", i=i, j=seen_names[key], name=m.name))
        seen_names.setdefault(key, i)
        if m.telegram_id in seen_ids:
            problems.append(Phrase.of("config.same_id", i=i, j=seen_ids[m.telegram_id],
                                      id=m.telegram_id))
        seen_ids.setdefault(m.telegram_id, i)
    return problems


def _header_clashes(headers: dict[SheetField, str]) -> list[Phrase]:
    """A bot field (ID, owner, segment, next action) mapped to a column a person fills: the
    header of another field set in config, or one of a person's field's usual headers. The
    sync would overwrite that column on every row."""
    problems = []
    for f, name in headers.items():
        if f not in BOT_FIELDS:
            continue
        key = norm(name)
        other = next((g for g, n in headers.items() if g != f and norm(n) == key), None)
        if other is None:
            other = next((g for g in SheetField if g not in BOT_FIELDS and g not in headers
                          and key in {norm(h) for h in HEADERS[g]}), None)
        if other is not None:
            problems.append(Phrase.of("config.header_clash", field=f.value, header=name,
                                      other=other.value))
    return problems


def _dedupe(problems: list[Phrase]) -> list[Phrase]:
    """Problems without repeats, in order."""
    return list(dict.fromkeys(problems))
