"""The bot's user-facing errors; the base class lives in sheets.errors so both layers share it."""

from __future__ import annotations

from sheets.errors import SheetBusyError, SheetError, UserError

__all__ = ["ConfigError", "SheetBusyError", "SheetError", "UserError"]


class ConfigError(UserError):
    """config.yaml is wrong: every problem names the key, the bad value and what to write."""

    def __init__(self, path: str, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        ru = f"{path}: {_count_ru(len(problems))} — ничего не изменено.\n" + "\n".join(
            f"  • {ru}" for ru, _ in problems
        )
        en = f"{path}: {len(problems)} problem(s) — nothing was changed.\n" + "\n".join(
            f"  • {en}" for _, en in problems
        )
        super().__init__(ru, en)


def _count_ru(n: int) -> str:
    """'1 ошибка', '3 ошибки', '5 ошибок'."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} ошибка"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} ошибки"
    return f"{n} ошибок"
