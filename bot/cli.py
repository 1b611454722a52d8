"""The command line: a thin layer over the library. Example: python -m bot sync"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from telegram.error import InvalidToken, TelegramError

from bot.core import summary as report
from bot.core.config import Config
from bot.core.lists import render_text
from bot.core.report import period, render
from bot.core.workbook import new_table
from bot.services.backend import open_sheet, process_sheet
from bot.services.chart import picture
from bot.services.clock import Clock, SystemClock
from bot.services.demo import demo_config, sample_rows
from bot.services.morning import prepare, send_day
from bot.services.reports import make, write_tab
from bot.services.sender import bot_sender, make_bot
from bot.services.settings import bot_token, load_config
from bot.services.state import State, StateFileError
from bot.services.sync import sync
from bot.words import LANGUAGES, Words
from bot.worker import run_forever
from sheets.errors import HeaderError, SheetBusyError, SheetFileError, UserError

log = logging.getLogger("bot")

EXIT_OK, EXIT_PROBLEMS, EXIT_CONFIG, EXIT_BUSY = 0, 1, 2, 3


def _options(w: Words) -> argparse.ArgumentParser:
    """Options every command takes, before or after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help=w("cli.help.config"))
    common.add_argument("--date", default=argparse.SUPPRESS, type=_day, help=w("cli.help.date"))
    common.add_argument("--dry-run", action="store_true", default=argparse.SUPPRESS,
                        help=w("cli.help.dry_run"))
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help=w("cli.help.verbose"))
    return common


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The parser with every sub-command and its help (English: no config is read yet)."""
    w = Words(lang)
    common = _options(w)
    parser = argparse.ArgumentParser(
        prog="python -m bot", parents=[common],
        description=w("cli.help.description"), epilog=w("cli.help.epilog"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    init = sub.add_parser("init", parents=[common], help=w("cli.help.init"))
    init.add_argument("--demo", action="store_true", help=w("cli.help.samples"))
    sub.add_parser("check", parents=[common], help=w("cli.help.check"))
    sub.add_parser("sync", parents=[common], help=w("cli.help.sync"))
    sub.add_parser("digest", parents=[common], help=w("cli.help.digest"))
    sub.add_parser("once", parents=[common], help=w("cli.help.once"))
    rep = sub.add_parser("report", parents=[common], help=w("cli.help.report"))
    rep.add_argument("--from", dest="start", type=_day, help=w("cli.help.from"))
    rep.add_argument("--to", dest="end", type=_day, help=w("cli.help.to"))
    rep.add_argument("--chart", help=w("cli.help.chart"))
    sub.add_parser("run", parents=[common], help=w("cli.help.run"))
    sub.add_parser("demo", parents=[common], help=w("cli.help.demo"))
    return parser


def _day(text: str) -> date:
    """--date YYYY-MM-DD (said in both languages: the config is not read yet)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(" / ".join(
            Words(lang)("cli.bad_date", text=text) for lang in LANGUAGES)) from None


def main(argv: list[str] | None = None, clock: Clock | None = None) -> int:
    """Run one command; return the process exit code. `clock` times the sending (the system
    clock by default; tests pass a fake one so retries and 429 waits take no time)."""
    args = build_parser().parse_args(argv)
    args.clock = clock
    _setup_logging(getattr(args, "verbose", False))
    command: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
    try:
        return command(args)
    except UserError as err:
        print(Words(_lang_of(args)).error(err), file=sys.stderr)
        if isinstance(err, SheetBusyError):
            return EXIT_BUSY
        if isinstance(err, HeaderError | SheetFileError | StateFileError) \
                or type(err).__name__ == "ConfigError":
            return EXIT_CONFIG
        return EXIT_PROBLEMS
    except InvalidToken:
        print(Words(_lang_of(args))("cli.token_rejected", env=_token_env(args)), file=sys.stderr)
        return EXIT_CONFIG
    except TelegramError as err:  # the worker could not reach Telegram at all
        why = _without_token(str(err), args)
        print(report.telegram_down(why, _lang_of(args)), file=sys.stderr)
        return EXIT_BUSY
    except KeyboardInterrupt:
        return 130


def _token_env(args: argparse.Namespace) -> str:
    """The environment variable the token is read from (the config's, once it is loaded)."""
    cfg = getattr(args, "_cfg", None)
    return cfg.telegram.token_env if cfg is not None else "TELEGRAM_BOT_TOKEN"


def _without_token(text: str, args: argparse.Namespace) -> str:
    """A library's message with the bot token cut out (PTB names it in some of them)."""
    token = os.environ.get(_token_env(args), "")
    return text.replace(token, "***") if len(token) > 3 else text


def _lang_of(args: argparse.Namespace) -> str:
    """The language for messages: the config's, once it is loaded."""
    cfg = getattr(args, "_cfg", None)
    return cfg.language if cfg is not None else "ru"


def _config(args: argparse.Namespace) -> Config:
    """Load the config once per run (errors stop the command before anything is touched)."""
    cfg = load_config(getattr(args, "config", "config.yaml"))
    args._cfg = cfg
    return cfg


def _today(args: argparse.Namespace, cfg: Config) -> date:
    """--date, else today in the configured timezone."""
    return getattr(args, "date", None) or datetime.now(cfg.tz).date()


def _now(args: argparse.Namespace, cfg: Config) -> datetime:
    """The moment to stamp journal rows with (the --date day at the current time)."""
    now = datetime.now(cfg.tz)
    day = getattr(args, "date", None)
    return datetime.combine(day, now.time()) if day else now


def cmd_init(args: argparse.Namespace) -> int:
    """Lay out a new table (refuses to overwrite one)."""
    cfg = _config(args)
    rows = sample_rows(_today(args, cfg)) if args.demo else None
    table = new_table(cfg, rows)
    if getattr(args, "dry_run", False):
        print(report.init_preview(table, cfg.language))
        return EXIT_OK
    backend = open_sheet(cfg)
    backend.create(table)
    print(report.created(backend.location, len(table.rows), cfg.language))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Print every config and row problem; exit 1 when there are any."""
    cfg = _config(args)
    plan = sync(open_sheet(cfg), cfg, _today(args, cfg), dry_run=True)
    text, count = report.check(plan, cfg)
    print(text)
    return EXIT_PROBLEMS if count else EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    """Write segments, owners, next actions and missing IDs; print a summary."""
    cfg = _config(args)
    dry = getattr(args, "dry_run", False)
    backend = open_sheet(cfg)
    plan = sync(backend, cfg, _today(args, cfg), _now(args, cfg), dry_run=dry)
    if dry:
        print(report.dry_run(plan, cfg.language))
    print(report.summary(plan, backend.location, cfg, written=not dry))
    return EXIT_OK


def cmd_digest(args: argparse.Namespace) -> int:
    """Send each manager his list for the day (printed when there is no token or --dry-run)."""
    cfg = _config(args)
    day = _today(args, cfg)
    if not cfg.calendar().is_workday(day):
        print(report.day_off(day, cfg.language))
        return EXIT_OK
    token = bot_token(cfg)
    dry = getattr(args, "dry_run", False) or getattr(args, "print_only", False)
    live = bool(token) and not dry and day == datetime.now(cfg.tz).date()
    if not live:
        morning = prepare(open_sheet(cfg), cfg, day)
        print("\n\n".join(render_text(ml, cfg.language) for ml in morning.lists))
        demo = getattr(args, "print_only", False)
        print(report.not_sent(bool(token), dry and not demo, cfg.language, demo))
        return EXIT_OK
    return _send_digest(cfg, day, token or "", getattr(args, "clock", None) or SystemClock(cfg.tz))


def _send_digest(cfg: Config, day: date, token: str, clock: Clock) -> int:
    """Send the day's lists once through Telegram; report what went and what did not."""
    state = State(cfg.state)  # type: ignore[arg-type]
    try:
        morning = prepare(open_sheet(cfg), cfg, day, state)

        async def go():
            bot = make_bot(token, cfg.telegram.base_url)
            async with bot:
                return await send_day(morning, cfg, state, bot_sender(bot), clock)

        outcome = asyncio.run(go())
    except InvalidToken:
        raise  # a config problem, said by main()
    except TelegramError as err:
        print(report.telegram_down(str(err).replace(token, "***"), cfg.language),
              file=sys.stderr)
        return EXIT_BUSY
    finally:
        state.close()
    names = {m.telegram_id: m.name for m in cfg.managers}
    print(report.delivery(outcome, names, cfg.language))
    return EXIT_BUSY if outcome.postponed else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Print the report for a period, rewrite the report tab, optionally save the chart."""
    cfg = _config(args)
    today = _today(args, cfg)
    start, end = period("", today)
    start, end = args.start or start, args.end or end
    backend = open_sheet(cfg)
    rep = make(backend, cfg, min(start, end), max(start, end), today)
    print(re.sub(r"</?[a-z]+>", "", render(rep, cfg.language)).replace("&lt;", "<")
          .replace("&gt;", ">").replace("&amp;", "&"))
    chart = picture(rep, cfg.language) if args.chart else None
    if chart is not None:
        Path(args.chart).write_bytes(chart)
    if not getattr(args, "dry_run", False):
        write_tab(backend, cfg, rep)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """The long-running worker: schedule plus Telegram bot, until SIGTERM."""
    cfg = _config(args)
    token = bot_token(cfg)
    if not token:
        print(report.no_token(cfg.telegram.token_env, cfg.language), file=sys.stderr)
        return EXIT_CONFIG
    run_forever(cfg, token, process_sheet(cfg))
    return EXIT_OK


def cmd_once(args: argparse.Namespace) -> int:
    """Sync, then the morning lists: what a cron job or a systemd timer runs."""
    code = cmd_sync(args)
    return code or cmd_digest(args)


def cmd_demo(args: argparse.Namespace) -> int:
    """Make ./demo/ with a sample workbook and config, sync it, print each manager's list."""
    folder = Path.cwd() / "demo"
    config_path = demo_config(folder / "config.yaml")
    for leftover in folder.glob("clients*.xlsx"):
        leftover.unlink()
    args.config = str(config_path)
    args.demo = True
    args.print_only = True  # the demo's managers are made up: never send to them
    for step in (cmd_init, cmd_sync, cmd_digest):
        code = step(args)
        if code:
            return code
        print()
    print(report.demo_done(folder, os.path.relpath(config_path), _lang_of(args)))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init, "check": cmd_check, "sync": cmd_sync, "digest": cmd_digest,
    "once": cmd_once, "demo": cmd_demo, "run": cmd_run, "report": cmd_report,
}


class _Redact(logging.Filter):
    """Keep the bot token out of every log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        token = next((v for k, v in os.environ.items() if k.endswith("TOKEN") and len(v) > 8),
                     None)
        if token:
            record.msg = str(record.getMessage()).replace(token, "***")
            record.args = ()
        return True


def _setup_logging(verbose: bool) -> None:
    """Logs go to stderr; third-party chatter (which may carry URLs with the token) is quiet."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_Redact())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler],
                        force=True)
    for noisy in ("httpx", "httpcore", "urllib3", "google", "telegram"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
