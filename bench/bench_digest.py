"""Benchmark of the morning send, run by hand: python bench/bench_digest.py [MANAGERS]

100 managers with 40 clients each, sent through the real python-telegram-bot to the local Bot
API stand-in in flood-control mode (429 with retry_after past 30 messages/s overall or 1/s per
chat, as Telegram does). Prints the time to deliver every list and the 429s met and waited out.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.config import Config  # noqa: E402
from bot.services.clock import SystemClock  # noqa: E402
from bot.services.morning import prepare, send_day  # noqa: E402
from bot.services.sender import bot_sender, make_bot  # noqa: E402
from bot.services.state import State  # noqa: E402
from sheets import MemoryBackend  # noqa: E402
from tests.bot_api import BotAPI  # noqa: E402
from tests.workbooks import TODAY  # noqa: E402


def base(managers: int, per_manager: int) -> tuple[Config, MemoryBackend]:
    """A config of cold callers and a sheet giving each of them his own new clients."""
    people = [{"name": f"Менеджер {i}", "role": "cold_caller", "telegram_id": 1000 + i,
               "daily_limit": per_manager} for i in range(managers)]
    people += [{"name": "Закрыватель", "role": "closer", "telegram_id": 5},
               {"name": "Сопровождение", "role": "account_manager", "telegram_id": 6}]
    rows = [["ID", "Компания", "Контактное лицо", "Телефон", "Ответственный", "Комментарий"]]
    for i in range(managers * per_manager):
        rows.append([i + 1, f"ООО «Клиент {i + 1}»", f"Контакт {i + 1}", f"+7 900 {i:07d}",
                     f"Менеджер {i % managers}", "перезвонить после обеда, спросить про опт"])
    cfg = Config.model_validate({"sheet": {"path": "x"}, "managers": people, "heads": [7]})
    return cfg, MemoryBackend({"Клиенты": rows})


async def deliver(api: BotAPI, cfg: Config, backend: MemoryBackend, folder: Path) -> tuple:
    """Send the day's lists once; return the outcome and the seconds it took."""
    state = State(folder / "state.sqlite3")
    morning = prepare(backend, cfg, TODAY, state)
    bot = make_bot(api.token, api.base_url)
    async with bot:
        start = time.perf_counter()
        outcome = await send_day(morning, cfg, state, bot_sender(bot), SystemClock(cfg.tz))
        took = time.perf_counter() - start
    state.close()
    return outcome, took


def main(managers: int) -> None:
    """Run the benchmark and print its figures."""
    cfg, backend = base(managers, 40)
    with BotAPI() as api, tempfile.TemporaryDirectory() as tmp:
        api.flood(per_chat_per_second=1, overall_per_second=30)
        outcome, took = asyncio.run(deliver(api, cfg, backend, Path(tmp)))
        sent = api.calls("sendMessage", status=200)
        flooded = api.calls("sendMessage", status=429)
        chats = {c.chat_id for c in sent}
    print(f"{managers} managers x 40 clients: {len(sent)} messages to {len(chats)} chats in "
          f"{took:.1f} s ({len(sent) / took:.1f} msg/s); 429 answers met and waited out: "
          f"{len(flooded)}; unreachable: {len(outcome.unreachable)}; left for the next run: "
          f"{len(outcome.postponed)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
