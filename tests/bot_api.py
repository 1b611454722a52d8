"""A local stand-in of the Telegram Bot API, for tests and the benchmark.

Long because: a stand-in as strict as Telegram (limits, error bodies, every method PTB calls)
is one server whose rules are easiest to check side by side.

An HTTP server on 127.0.0.1 (port 0) that answers what python-telegram-bot 22 calls, shaped like
the real Bot API so PTB can de-json the answers:

    POST|GET /bot{token}/{method}         form-encoded, multipart (uploads) or JSON bodies;
                                          method names are case-insensitive, as on Telegram
    GET      /file/bot{token}/{file_path} downloads of uploaded files (see getFile)

Methods: getMe, getUpdates (long polling), deleteWebhook, setWebhook, getWebhookInfo,
setMyCommands, deleteMyCommands, getMyCommands, sendMessage, editMessageText,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, sendPhoto, sendDocument, getFile,
sendChatAction, close, logOut. Anything else: 404 "Not Found: method not found".

Telegram's own checks that catch real bugs are applied: 4096 characters per message and 1024 per
caption (counted after entity parsing, in code points), HTML markup parsed the way tdlib parses it
(allowed tags, nesting, entities), 64 bytes of callback_data, "message is not modified" on a no-op
edit, editMessageText without reply_markup drops the inline keyboard, a callback query answered
twice, one getUpdates poller at a time (409 Conflict).

Tests feed updates (`send_text`, `press`, `click`, `feed`), look at what the bot did (`calls`,
`sent_texts`, `messages`, `photos`, `documents`, `wait_for`) and make Telegram misbehave
(`fail_next`, `block`, `unknown_chat`, `hang`, `flood`):

    app = (Application.builder().token(bot_api.token).base_url(f"{bot_api.url}/bot")
           .base_file_url(f"{bot_api.url}/file/bot").build())
    ...  # start the app and its polling
    bot_api.send_text(5001, "/start")
    call = await bot_api.wait_for_async(lambda c: c.method == "sendMessage" and c.ok)
    bot_api.click(5001, "Оплатил")

Outside pytest (the benchmark): `with BotAPI() as api: ...`.
"""

from __future__ import annotations

import asyncio
import copy
import json
import math
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs, unquote

import pytest

Predicate = Callable[["Call"], bool] | str

DEFAULT_TOKEN = "123456:TEST-token"
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
FIRST_UPDATE_ID = 1000
DUMP_CALLS = 20

METHODS = (
    "getMe", "getUpdates", "deleteWebhook", "setWebhook", "getWebhookInfo", "setMyCommands",
    "deleteMyCommands", "getMyCommands", "sendMessage", "editMessageText",
    "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery", "sendPhoto", "sendDocument",
    "getFile", "sendChatAction", "close", "logOut",
)
CANONICAL = MappingProxyType({name.lower(): name for name in METHODS})
# Methods addressed to a chat: `block` and `unknown_chat` apply to them.
CHAT_METHODS = frozenset({
    "sendMessage", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "sendPhoto",
    "sendDocument", "sendChatAction",
})
# Methods that count against flood control (`flood`).
FLOOD_METHODS = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup",
})

JSON_FIELDS = frozenset({
    "reply_markup", "allowed_updates", "entities", "caption_entities", "commands", "scope",
    "link_preview_options", "reply_parameters", "media",
})
INT_FIELDS = frozenset({
    "chat_id", "message_id", "offset", "limit", "from_chat_id", "reply_to_message_id", "user_id",
    "message_thread_id", "cache_time", "max_connections",
})
FLOAT_FIELDS = frozenset({"timeout"})
BOOL_FIELDS = frozenset({
    "disable_notification", "protect_content", "show_alert", "drop_pending_updates",
    "disable_web_page_preview", "allow_sending_without_reply", "disable_content_type_detection",
    "has_spoiler", "show_caption_above_media", "allow_paid_broadcast",
})

# Update types Telegram leaves out when allowed_updates was never given (or given as []).
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
DESCRIPTIONS = MappingProxyType({
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
})
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a content and reply markup of the current message"
)
QUERY_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)

HTML_TAGS = frozenset({
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
    "span", "pre", "code", "blockquote",
})
HTML_ENTITY_TYPES = MappingProxyType({
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "span": "spoiler", "blockquote": "blockquote",
})
NAMED_ENTITIES = MappingProxyType({"lt": "<", "gt": ">", "amp": "&", "quot": '"'})
HTML_SPACES = " \t\r\n\v\0"
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?")
BOT_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description, optional parameters."""

    def __init__(self, status: int, description: str | None = None,
                 parameters: dict[str, Any] | None = None) -> None:
        self.status = status
        self.description = description or _default_description(status)
        self.parameters = parameters
        super().__init__(self.description)

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends with this error."""
        body: dict[str, Any] = {
            "ok": False, "error_code": self.status, "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class HtmlParseError(ValueError):
    """HTML Telegram refuses; the message is tdlib's, without the Bot API prefix."""


class _Abort(Exception):
    """The server is stopping: drop the connection without an answer."""


@dataclass(frozen=True)
class Upload:
    """A file that came as a multipart part."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One request to the stand-in; `status` is None while it is still being answered."""

    method: str
    params: dict[str, Any]
    chat_id: int | None
    time: float  # time.time() when the request arrived
    status: int | None = None
    answer: Any = None  # the result when ok, else the error description

    @property
    def ok(self) -> bool:
        """Whether Telegram answered 200."""
        return self.status == HTTPStatus.OK

    @property
    def text(self) -> str | None:
        """The text or caption the bot sent, as sent (HTML source included)."""
        value = self.params.get("text", self.params.get("caption"))
        return value if isinstance(value, str) else None

    def describe(self) -> str:
        """One line for failure dumps."""
        shown = {k: _short(v) for k, v in self.params.items()}
        return f"{self.method} chat={self.chat_id} -> {self.status} {shown}"


@dataclass
class _Stored:
    """A message in a chat as Telegram keeps it, plus what the bot sent."""

    data: dict[str, Any]
    from_bot: bool
    sent_text: str | None = None
    plain_text: str | None = None
    deleted: bool = False


@dataclass
class _StoredFile:
    """An uploaded file, reachable by file_id and by file_path."""

    file_id: str
    unique_id: str
    path: str
    data: bytes
    name: str
    mime: str


@dataclass
class _Fail:
    """A pending `fail_next` rule."""

    method: str | None
    count: int
    error: ApiError


@dataclass
class _Hang:
    """A pending `hang` rule; count None means until cleared."""

    seconds: float
    count: int | None


@dataclass
class _Flood:
    """Flood-control limits and the send times seen so far (monotonic seconds)."""

    per_chat: float
    overall: float
    chat_times: dict[int, deque[float]] = field(default_factory=dict)
    all_times: deque[float] = field(default_factory=deque)


def _default_description(status: int) -> str:
    """Telegram's description for an error status."""
    if status in DESCRIPTIONS:
        return DESCRIPTIONS[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


def _short(value: Any, limit: int = 60) -> Any:
    """A value cut short for dumps."""
    if isinstance(value, Upload):
        return f"<upload {value.filename} {len(value.data)} bytes>"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


# ----------------------------------------------------------------------------------------------
# HTML, the way tdlib's parse_html reads it


def parse_html(source: str, strict: bool = False) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of Telegram HTML, or HtmlParseError with tdlib's message.

    Telegram itself takes a bare `&` (not starting a known entity) and a bare `>` literally;
    `strict=True` refuses them too, to catch text that was never escaped.
    """
    parser = _HtmlParser(source, strict)
    return parser.parse()


class _HtmlParser:
    """A port of tdlib's HTML entity parser (td/telegram/MessageEntity.cpp, parse_html)."""

    def __init__(self, source: str, strict: bool) -> None:
        self.src = source
        self.strict = strict
        self.pos = 0
        self.out: list[str] = []
        self.chars = 0
        self.utf16 = 0
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, str, int, int]] = []  # tag, argument, utf16 offset, chars

    def ch(self, i: int) -> str:
        """The character at i, NUL past the end (tdlib reads a C string)."""
        return self.src[i] if i < len(self.src) else "\0"

    def byte_offset(self, i: int) -> int:
        """The UTF-8 byte offset of character i, as tdlib reports positions."""
        return len(self.src[:i].encode("utf-8"))

    def emit(self, text: str) -> None:
        """Append plain text."""
        self.out.append(text)
        self.chars += len(text)
        self.utf16 += _utf16_len(text)

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        """Walk the source once."""
        while self.pos < len(self.src):
            c = self.src[self.pos]
            if c == "&":
                self.entity_or_amp()
            elif c == "<":
                if self.ch(self.pos + 1) == "/":
                    self.end_tag()
                else:
                    self.start_tag()
            else:
                if c == ">" and self.strict:
                    raise HtmlParseError(
                        f"Unescaped \">\" at byte offset {self.byte_offset(self.pos)} "
                        "(strict mode)")
                self.emit(c)
                self.pos += 1
        if self.open:
            raise HtmlParseError(
                f"Can't find end tag corresponding to start tag {self.open[-1][0]}")
        for entity in self.entities:
            entity.pop("_language", None)  # a language only counts inside <pre>
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def decode_entity(self, i: int) -> tuple[str, int] | None:
        """The character an `&...` reference at i stands for, and where it ends."""
        end = i + 1
        if self.ch(end) == "#":
            end += 1
            code = 0
            if self.ch(end) == "x":
                end += 1
                while self.ch(end) in "0123456789abcdefABCDEF":
                    code = code * 16 + int(self.src[end], 16)
                    end += 1
            else:
                while self.ch(end).isdigit() and self.ch(end).isascii():
                    code = code * 10 + int(self.src[end])
                    end += 1
            if code == 0 or code >= 0x10FFFF or end - i >= 10:
                return None
            char = chr(code)
        else:
            while self.ch(end).isascii() and self.ch(end).isalpha():
                end += 1
            name = self.src[i + 1:end]
            if name not in NAMED_ENTITIES:
                return None
            char = NAMED_ENTITIES[name]
        return char, end + 1 if self.ch(end) == ";" else end

    def entity_or_amp(self) -> None:
        """An HTML entity, or a literal `&` when it is none."""
        decoded = self.decode_entity(self.pos)
        if decoded is None:
            if self.strict:
                raise HtmlParseError(
                    f"Unescaped \"&\" at byte offset {self.byte_offset(self.pos)} (strict mode)")
            self.emit("&")
            self.pos += 1
            return
        char, self.pos = decoded
        self.emit(char)

    def start_tag(self) -> None:
        """`<tag attr="value" ...>`: check the tag, remember it open."""
        begin = self.pos
        i = begin + 1
        while self.ch(i) not in HTML_SPACES and self.ch(i) != ">":
            i += 1
        at = self.byte_offset(begin)
        if self.ch(i) == "\0":
            raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
        tag = self.src[begin + 1:i].lower()
        if tag not in HTML_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {at}')
        argument, i = self.attributes(tag, i, at)
        if tag == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        self.open.append((tag, argument, self.utf16, self.chars))
        self.pos = i + 1

    def attributes(self, tag: str, i: int, at: int) -> tuple[str, int]:
        """Read attributes up to `>`; the argument that matters for this tag."""
        argument = ""
        while self.ch(i) != ">":
            while self.ch(i) != "\0" and self.ch(i) in HTML_SPACES:
                i += 1
            if self.ch(i) == ">":
                break
            name_begin = i
            while self.ch(i) not in HTML_SPACES and self.ch(i) not in "=>":
                i += 1
            name = self.src[name_begin:i]
            if not name:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {at}')
            while self.ch(i) != "\0" and self.ch(i) in HTML_SPACES:
                i += 1
            if tag == "blockquote" and name == "expandable" and self.ch(i) != "=":
                argument = "expandable"
                continue
            if self.ch(i) != "=":
                raise HtmlParseError("Expected equal sign in declaration of an attribute of the "
                                     f'tag "{tag}" at byte offset {at}')
            value, i = self.attribute_value(tag, i + 1, at)
            if self.ch(i) == "\0":
                raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
            argument = _tag_argument(tag, name, value, argument)
        return argument, i

    def attribute_value(self, tag: str, i: int, at: int) -> tuple[str, int]:
        """A quoted string or a name token; entities decoded inside quotes."""
        while self.ch(i) != "\0" and self.ch(i) in HTML_SPACES:
            i += 1
        if self.ch(i) == "\0":
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if self.ch(i) not in "'\"":
            begin = i
            while self.ch(i).isascii() and (self.ch(i).isalnum() or self.ch(i) in ".-"):
                i += 1
            if self.ch(i) not in HTML_SPACES and self.ch(i) != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(begin)}")
            return self.src[begin:i].lower(), i
        quote = self.src[i]
        i += 1
        chars: list[str] = []
        while self.ch(i) not in (quote, "\0"):
            if self.src[i] == "&" and (decoded := self.decode_entity(i)) is not None:
                chars.append(decoded[0])
                i = decoded[1]
                continue
            chars.append(self.src[i])
            i += 1
        if self.ch(i) == quote:
            i += 1
        return "".join(chars), i

    def end_tag(self) -> None:
        """`</tag>`: close the innermost open tag, make its entity."""
        begin = self.pos
        at = self.byte_offset(begin)
        if not self.open:
            raise HtmlParseError(f"Unexpected end tag at byte offset {at}")
        i = begin + 2
        while self.ch(i) not in HTML_SPACES and self.ch(i) != ">":
            i += 1
        name = self.src[begin + 2:i].lower()
        while self.ch(i) != "\0" and self.ch(i) in HTML_SPACES:
            i += 1
        if self.ch(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {at}")
        tag, argument, offset, out_len = self.open.pop()
        if name and name != tag:
            raise HtmlParseError(f'Unmatched end tag at byte offset {at}, expected "</{tag}>", '
                                 f'found "</{name}>"')
        if self.utf16 > offset:
            inner = "".join(self.out)[out_len:]
            self.add_entity(tag, argument, offset, self.utf16 - offset, inner)
        self.pos = i + 1

    def add_entity(self, tag: str, argument: str, offset: int, length: int, inner: str) -> None:
        """The MessageEntity a closed tag makes; <pre><code class="language-x"> make one pre."""
        entity: dict[str, Any] = {"offset": offset, "length": length}
        last = self.entities[-1] if self.entities else {}
        same_span = (last.get("offset"), last.get("length")) == (offset, length)
        if tag in HTML_ENTITY_TYPES:
            expandable = tag == "blockquote" and argument == "expandable"
            entity["type"] = "expandable_blockquote" if expandable else HTML_ENTITY_TYPES[tag]
        elif tag == "a":
            entity.update(type="text_link", url=argument or inner)
        elif tag == "tg-emoji":
            if not argument.isdigit() or int(argument) == 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            entity.update(type="custom_emoji", custom_emoji_id=argument)
        elif tag == "pre" and same_span and last["type"] == "code" and last.get("_language"):
            last.update(type="pre", language=last.pop("_language"))
            return
        elif tag == "pre":
            entity["type"] = "pre"
        elif same_span and last["type"] == "pre" and argument:
            last["language"] = argument
            return
        else:
            entity["type"] = "code"
            if argument:
                entity["_language"] = argument
        self.entities.append(entity)


def _tag_argument(tag: str, name: str, value: str, current: str) -> str:
    """The argument tdlib keeps from an attribute: href, code language, span class, emoji id."""
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value[len("language-"):]
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value[len("tg-"):]
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    return current


# ----------------------------------------------------------------------------------------------
# Request bodies


def decode_params(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    """Parameters from the query string and a form, multipart or JSON body, typed like the API."""
    raw: dict[str, Any] = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
    kind = content_type.split(";")[0].strip().lower()
    if body and kind == "application/json":
        try:
            loaded = json.loads(body)
        except ValueError as err:
            raise ApiError(400, "Bad Request: can't parse JSON object") from err
        if not isinstance(loaded, dict):
            raise ApiError(400, "Bad Request: JSON object expected")
        raw.update(loaded)
    elif body and kind == "multipart/form-data":
        boundary = _header_params(content_type).get("boundary")
        if not boundary:
            raise ApiError(400, "Bad Request: multipart boundary is missing")
        raw.update(_multipart(body, boundary))
    elif body:
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        raw.update({k: v[0] for k, v in form.items()})
    return {name: _coerce(name, value) for name, value in raw.items()}


def _header_params(header: str) -> dict[str, str]:
    """`a; name="x"; filename=y` → {"name": "x", "filename": "y"}."""
    found: dict[str, str] = {}
    for match in re.finditer(r'([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))', header):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        found[match.group(1).lower()] = unquote(value.replace('\\"', '"'))
    return found


def _multipart(body: bytes, boundary: str) -> dict[str, Any]:
    """Fields and uploads of a multipart/form-data body."""
    found: dict[str, Any] = {}
    parts = (b"\r\n" + body).split(b"\r\n--" + boundary.encode("latin-1"))
    for part in parts[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = _header_params(headers.get("content-disposition", ""))
        if "name" not in disposition:
            continue
        if "filename" in disposition:
            mime = headers.get("content-type", "application/octet-stream")
            found[disposition["name"]] = Upload(disposition["filename"], mime, content)
        else:
            found[disposition["name"]] = content.decode("utf-8", "replace")
    return found


def _coerce(name: str, value: Any) -> Any:
    """A form string typed the way the API reads that field (JSON, int, float, bool)."""
    if not isinstance(value, str):
        return value
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError as err:
            what = "reply keyboard markup" if name == "reply_markup" else name
            raise ApiError(400, f"Bad Request: can't parse {what} JSON object") from err
    if name in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    if name in FLOAT_FIELDS:
        try:
            return float(value)
        except ValueError:
            return value
    if name in BOOL_FIELDS:
        return value.strip().lower() in ("true", "1")
    return value


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (1×1 when unknown)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                return width, height
            i += 2 + length
    return 1, 1


def _suffix(filename: str, mime: str) -> str:
    """A file_path extension: the file name's, else one for the MIME type."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else ""
    if ext.isalnum() and len(ext) <= 5:
        return ext.lower()
    return {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(mime, "bin")


def _inline(markup: Any) -> dict[str, Any] | None:
    """The inline keyboard of a reply_markup (the only kind a Message echoes back)."""
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return copy.deepcopy(markup)
    return None


def _check_markup(markup: Any) -> None:
    """Refuse keyboards Telegram refuses (shape, button actions, callback_data size)."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup '
                            "must be an Array of Arrays")
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            raise ApiError(400, "Bad Request: can't parse inline keyboard button: Field \"text\" "
                                "must be of type String")
        if len(button) < 2:
            raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text buttons "
                                "are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline buttons of a message, row by row."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def _window_wait(times: deque[float], rate: float, now: float) -> float:
    """Seconds until one more send fits `rate` per second (sliding window, 0 when it fits)."""
    window = max(1.0, 1.0 / rate)
    limit = max(1, round(rate * window))
    while times and times[0] <= now - window:
        times.popleft()
    if len(times) < limit:
        return 0.0
    return times[0] + window - now


# ----------------------------------------------------------------------------------------------
# The stand-in


class BotAPI:
    """A running (after `start`) fake Telegram Bot API for one bot token."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, username: str = "test_bot",
                 first_name: str = "Test Bot", strict_html: bool = False) -> None:
        self.token = token
        self.username = username
        self.first_name = first_name
        self.strict_html = strict_html
        self.bot_id = int(token.split(":")[0]) if token.split(":")[0].isdigit() else 1
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._stopped = threading.Event()
        self._calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = FIRST_UPDATE_ID
        self._allowed: frozenset[str] | None = None  # None: all but NOT_BY_DEFAULT
        self._poll_generation = 0
        self._webhook_url = ""
        self._users: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], _Stored] = {}
        self._next_message_id: dict[int, int] = {}
        self._queries: dict[str, dict[str, Any]] = {}
        self._next_query = 1
        self._files: dict[str, _StoredFile] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._fails: list[_Fail] = []
        self._hangs: dict[str, _Hang] = {}
        self._blocked: dict[int, str] = {}
        self._unknown: set[int] = set()
        self._flood: _Flood | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers: dict[str, Callable[[dict[str, Any], Call], Any]] = {
            "getMe": self._get_me, "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook, "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info, "setMyCommands": self._set_commands,
            "deleteMyCommands": self._delete_commands, "getMyCommands": self._get_commands,
            "sendMessage": self._send_message, "editMessageText": self._edit_text,
            "editMessageReplyMarkup": self._edit_markup, "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_query, "sendPhoto": self._send_photo,
            "sendDocument": self._send_document, "getFile": self._get_file,
            "sendChatAction": self._send_chat_action, "close": self._true,
            "logOut": self._true,
        }

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> BotAPI:
        """Listen on 127.0.0.1, a free port, in a background thread."""
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="bot-api-stand-in", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake long polls and hung requests, stop listening."""
        self._stopped.set()
        with self._cond:
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> BotAPI:
        """Start, for use outside pytest (the benchmark)."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop."""
        self.stop()

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT (see base_url and base_file_url for what PTB wants)."""
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        """The base_url to give PTB (it appends the token)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """The base_file_url to give PTB (it appends the token)."""
        return f"{self.url}/file/bot"

    # -- what the bot did ------------------------------------------------------------------------

    def calls(self, method: str | None = None, chat_id: int | None = None, *,
              status: int | None = None) -> list[Call]:
        """Recorded calls in arrival order, optionally of one method, chat or answer status."""
        wanted = CANONICAL.get(method.lower(), method) if method else None
        with self._lock:
            return [c for c in self._calls
                    if (wanted is None or c.method == wanted)
                    and (chat_id is None or c.chat_id == chat_id)
                    and (status is None or c.status == status)]

    def reset_calls(self) -> None:
        """Forget recorded calls (chat history stays)."""
        with self._lock:
            self._calls.clear()

    def mark(self) -> int:
        """How many calls so far: pass as `since` to wait only for later calls."""
        with self._lock:
            return len(self._calls)

    def sent_texts(self, chat_id: int) -> list[str]:
        """Texts of the successful sendMessage calls to a chat, as sent, in order."""
        return [c.params["text"] for c in self.calls("sendMessage", chat_id, status=200)]

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in a chat as they stand now (edits applied, deleted ones gone).

        Each is the Message dict Telegram keeps ("text" is plain, entities parsed out) plus
        "plain_text" (the same plain text) and "sent_text" (the text as the bot sent it).
        """
        with self._lock:
            found = [(mid, s) for (cid, mid), s in self._messages.items()
                     if cid == chat_id and s.from_bot and not s.deleted]
            return [self._view(s) for _, s in sorted(found, key=lambda pair: pair[0])]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """One message of a chat (deleted ones included, flagged "deleted": True)."""
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            if stored is None:
                raise KeyError(f"no message {message_id} in chat {chat_id}")
            return self._view(stored)

    def photos(self, chat_id: int) -> list[bytes]:
        """The bytes of the photos sent to a chat, in order."""
        return [self._file_bytes(c) for c in self.calls("sendPhoto", chat_id, status=200)]

    def documents(self, chat_id: int) -> list[tuple[str, bytes]]:
        """(file name, bytes) of the documents sent to a chat, in order."""
        found = []
        for call in self.calls("sendDocument", chat_id, status=200):
            document = call.answer.get("document", {})
            found.append((document.get("file_name", ""), self._file_bytes(call)))
        return found

    def commands(self, scope: dict[str, Any] | None = None,
                 language_code: str = "") -> list[dict[str, Any]]:
        """The command list set for a scope and language (setMyCommands)."""
        with self._lock:
            return copy.deepcopy(self._commands.get(_scope_key(scope, language_code), []))

    def pending_updates(self) -> int:
        """Updates fed but not yet confirmed by the bot."""
        with self._lock:
            return len(self._updates)

    def wait_for(self, predicate: Predicate, timeout: float = 10, since: int = 0) -> Call:
        """The first answered call (from index `since`) matching; AssertionError on timeout.

        `predicate` is a method name or a function of a Call; a function that raises KeyError,
        TypeError, AttributeError or IndexError counts as not matching.
        """
        deadline = time.monotonic() + timeout
        while True:
            found = self._match(predicate, since)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report(predicate, timeout))
            time.sleep(0.01)

    async def wait_for_async(self, predicate: Predicate, timeout: float = 10,
                             since: int = 0) -> Call:
        """`wait_for` for code running in the bot's event loop (it must not block the loop)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self._match(predicate, since)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report(predicate, timeout))
            await asyncio.sleep(0.01)

    def wait_for_polling(self, timeout: float = 10) -> None:
        """Return once the bot has asked for updates: its first long poll may still be open
        (waiting for that answer would cost the whole poll timeout); updates fed from now on
        reach it."""
        deadline = time.monotonic() + timeout
        while not self.calls("getUpdates"):
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report("getUpdates", timeout))
            time.sleep(0.01)

    async def wait_for_polling_async(self, timeout: float = 10) -> None:
        """`wait_for_polling` for code running in the bot's event loop."""
        deadline = time.monotonic() + timeout
        while not self.calls("getUpdates"):
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report("getUpdates", timeout))
            await asyncio.sleep(0.01)

    # -- updates for the bot ---------------------------------------------------------------------

    def feed(self, update: dict[str, Any]) -> int:
        """Queue a raw update (update_id is assigned); returns its update_id."""
        with self._cond:
            update = {**copy.deepcopy(update), "update_id": self._next_update_id}
            self._next_update_id += 1
            self._updates.append(update)
            self._cond.notify_all()
            return update["update_id"]

    def send_text(self, user_id: int, text: str, first_name: str = "Ольга",
                  username: str | None = None) -> int:
        """A private-chat text from a user to the bot; returns the update_id."""
        with self._lock:
            user = self._user(user_id, first_name, username)
            message = self._new_message(user_id, user)
            message["text"] = text
            command = COMMAND.match(text)
            if command and not _continues_word(text, command.end()):
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": command.end()}]
            self._messages[(user_id, message["message_id"])] = _Stored(message, from_bot=False)
            return self.feed({"message": message})

    def press(self, user_id: int, message_id: int, data: str, *, check: bool = True) -> int:
        """A user presses an inline button (callback_data `data`) under a bot message.

        With `check` the button must be on the message as it stands; returns the update_id.
        """
        with self._lock:
            stored = self._messages.get((user_id, message_id))
            if stored is None or not stored.from_bot or stored.deleted:
                raise AssertionError(f"no bot message {message_id} in chat {user_id} to press; "
                                     f"there are: {self._summary(user_id)}")
            if check and data not in [b.get("callback_data") for b in _buttons(stored.data)]:
                raise AssertionError(f"message {message_id} has no button with callback_data "
                                     f"{data!r}: {_buttons(stored.data)}")
            query_id = f"{self.bot_id}{self._next_query:08d}"
            self._next_query += 1
            self._queries[query_id] = {"chat_id": user_id, "answered": False}
            query = {
                "id": query_id, "from": self._user(user_id), "message": stored.data,
                "chat_instance": f"-{abs(hash((self.bot_id, user_id))) % 10**18}", "data": data,
            }
            return self.feed({"callback_query": copy.deepcopy(query)})

    def click(self, user_id: int, button_text: str, message_id: int | None = None) -> int:
        """Press the button labelled `button_text` on the latest bot message that has one."""
        with self._lock:
            candidates = [m for m in reversed(self.messages(user_id))
                          if message_id in (None, m["message_id"])]
            for message in candidates:
                for button in _buttons(message):
                    if button["text"] == button_text and "callback_data" in button:
                        return self.press(user_id, message["message_id"],
                                          button["callback_data"])
            raise AssertionError(f"no button {button_text!r} in chat {user_id}; "
                                 f"there are: {self._summary(user_id)}")

    # -- misbehaviour on demand ------------------------------------------------------------------

    def fail_next(self, method: str | None, count: int = 1, status: int = 429,
                  retry_after: int = 1, description: str | None = None) -> None:
        """Answer the next `count` calls of `method` (None: any method) with an error."""
        parameters = None
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            description = description or f"Too Many Requests: retry after {retry_after}"
            parameters = {"retry_after": retry_after}
        name = CANONICAL.get(method.lower(), method) if method else None
        with self._lock:
            self._fails.append(_Fail(name, count, ApiError(status, description, parameters)))

    def block(self, chat_id: int, description: str | None = None) -> None:
        """Every call to this chat answers 403 (the user blocked the bot / kicked it)."""
        default = ("Forbidden: bot was kicked from the group chat" if chat_id < 0
                   else DESCRIPTIONS[403])
        with self._lock:
            self._blocked[chat_id] = description or default

    def unblock(self, chat_id: int) -> None:
        """Undo `block`."""
        with self._lock:
            self._blocked.pop(chat_id, None)

    def unknown_chat(self, chat_id: int) -> None:
        """Every call to this chat answers 400 "Bad Request: chat not found"."""
        with self._lock:
            self._unknown.add(chat_id)

    def hang(self, method: str, seconds: float, count: int | None = 1) -> None:
        """Sleep before answering the next `count` calls of `method`, to provoke timeouts.

        count=None: every call until `hang(method, 0)`. The call still takes effect after the
        sleep, as on Telegram: a send the bot gave up on was delivered all the same.
        """
        name = CANONICAL.get(method.lower(), method)
        with self._lock:
            if seconds <= 0:
                self._hangs.pop(name, None)
            else:
                self._hangs[name] = _Hang(seconds, count)

    def flood(self, per_chat_per_second: float = 1, overall_per_second: float = 30) -> None:
        """Answer 429 with a retry_after when sends exceed these rates (Telegram's flood control).

        Sends are sendMessage, sendPhoto, sendDocument and the edits; accepted ones count, in a
        sliding one-second window (1/rate seconds for a rate under 1/s). retry_after is the
        whole seconds until the send would fit.
        """
        with self._lock:
            self._flood = _Flood(per_chat_per_second, overall_per_second)

    def flood_off(self) -> None:
        """Stop flood control."""
        with self._lock:
            self._flood = None

    # -- HTTP entry ------------------------------------------------------------------------------

    def handle(self, path: str, query: str, content_type: str,
               body: bytes) -> tuple[int, str, bytes]:
        """Answer one request: (status, content type, body). Raises _Abort when stopping."""
        file_match = re.fullmatch(r"/file/bot([^/]*)/(.+)", path)
        if file_match:  # httpx sends the token's ":" as %3A here
            return self._download(unquote(file_match.group(1)), unquote(file_match.group(2)))
        match = re.fullmatch(r"/bot([^/]*)/([^/]+)", path)
        if not match:
            return _json_reply(404, ApiError(404).payload())
        token, name = unquote(match.group(1)), unquote(match.group(2))
        method = CANONICAL.get(name.lower(), name)
        try:
            params = decode_params(query, content_type, body)
        except ApiError as err:
            params, error = {}, err
        else:
            error = None
        call = Call(method, params, _chat_of(params), time.time())
        with self._lock:
            self._calls.append(call)
        try:
            if error is not None:
                raise error
            result = self._answer(token, method, params, call)
            status, payload = 200, {"ok": True, "result": result}
        except ApiError as err:
            status, payload = err.status, err.payload()
        with self._lock:
            call.status = status
            call.answer = payload.get("result") if status == 200 else payload["description"]
        return _json_reply(status, payload)

    def _answer(self, token: str, method: str, params: dict[str, Any], call: Call) -> Any:
        """Token, misbehaviour rules, then the method itself."""
        if token != self.token:
            raise ApiError(401)
        handler = self._handlers.get(method)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        self._maybe_hang(method)
        with self._lock:
            self._fail_if_told(method)
            self._check_chat(method, params)
            self._check_flood(method, params)
            result = handler(params, call)
            self._note_send(method, params)
            return result

    def _maybe_hang(self, method: str) -> None:
        """Sleep if `hang` asked for it; abort if the server stops meanwhile."""
        with self._lock:
            rule = self._hangs.get(method)
            if rule is None:
                return
            if rule.count is not None:
                rule.count -= 1
                if rule.count <= 0:
                    del self._hangs[method]
        if self._stopped.wait(rule.seconds):
            raise _Abort

    def _fail_if_told(self, method: str) -> None:
        """Raise the error of the first matching `fail_next` rule."""
        for rule in self._fails:
            if rule.method in (None, method):
                rule.count -= 1
                if rule.count <= 0:
                    self._fails.remove(rule)
                raise rule.error

    def _check_chat(self, method: str, params: dict[str, Any]) -> None:
        """chat_id present, chat known, bot not blocked."""
        if method not in CHAT_METHODS or params.get("inline_message_id"):
            return
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int) or chat_id in self._unknown:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self._blocked:
            raise ApiError(403, self._blocked[chat_id])

    def _check_flood(self, method: str, params: dict[str, Any]) -> None:
        """429 with retry_after when this send would exceed the `flood` rates."""
        flood = self._flood
        if flood is None or method not in FLOOD_METHODS or "chat_id" not in params:
            return
        now = time.monotonic()
        chat_times = flood.chat_times.setdefault(params["chat_id"], deque())
        wait = max(_window_wait(chat_times, flood.per_chat, now),
                   _window_wait(flood.all_times, flood.overall, now))
        if wait > 0:
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}",
                           {"retry_after": retry})

    def _note_send(self, method: str, params: dict[str, Any]) -> None:
        """Count an accepted send for flood control."""
        flood = self._flood
        if flood is None or method not in FLOOD_METHODS or "chat_id" not in params:
            return
        now = time.monotonic()
        flood.chat_times.setdefault(params["chat_id"], deque()).append(now)
        flood.all_times.append(now)

    # -- methods ---------------------------------------------------------------------------------

    def _true(self, params: dict[str, Any], call: Call) -> bool:
        """Methods that just say yes (close, logOut)."""
        return True

    def _get_me(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        """The bot's User."""
        return {**self._bot_user(), "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False,
                "can_connect_to_business": False, "has_main_web_app": False}

    def _get_updates(self, params: dict[str, Any], call: Call) -> list[dict[str, Any]]:
        """Long polling: confirm below offset, wait up to `timeout` for an update."""
        if self._webhook_url:
            raise ApiError(409, WEBHOOK_ACTIVE)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed = frozenset(allowed) if allowed else None
        self._confirm(params.get("offset"))
        limit = params.get("limit") if isinstance(params.get("limit"), int) else 100
        limit = min(max(limit, 1), 100)
        timeout = params.get("timeout") or 0
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = time.monotonic() + (timeout if isinstance(timeout, float | int) else 0)
        while True:
            ready = self._deliverable(limit)
            if ready:
                return ready
            if generation != self._poll_generation:
                raise ApiError(409)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._stopped.is_set():
                return []
            self._cond.wait(remaining)

    def _confirm(self, offset: Any) -> None:
        """Drop updates the bot confirmed (update_id < offset; negative: keep the last -offset)."""
        if not isinstance(offset, int) or offset == 0:
            return
        if offset < 0:
            del self._updates[:max(0, len(self._updates) + offset)]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        """Queued updates of allowed types (others are dropped, Telegram never makes them)."""
        self._updates = [u for u in self._updates if self._allows(_update_type(u))]
        return copy.deepcopy(self._updates[:limit])

    def _allows(self, update_type: str) -> bool:
        """Whether the bot's allowed_updates take this update type."""
        if self._allowed is None:
            return update_type not in NOT_BY_DEFAULT
        return update_type in self._allowed

    def _delete_webhook(self, params: dict[str, Any], call: Call) -> bool:
        """No webhook; drop_pending_updates forgets the queue."""
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, params: dict[str, Any], call: Call) -> bool:
        """Remember the URL (getUpdates then answers 409, like Telegram)."""
        self._webhook_url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        """WebhookInfo."""
        return {"url": self._webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    def _set_commands(self, params: dict[str, Any], call: Call) -> bool:
        """Store the command list for a scope and language; names must be a-z, 0-9, _."""
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: parameter \"commands\" is required")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not BOT_COMMAND_NAME.fullmatch(name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not command.get("description"):
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = _scope_key(params.get("scope"), params.get("language_code") or "")
        self._commands[key] = copy.deepcopy(commands)
        return True

    def _delete_commands(self, params: dict[str, Any], call: Call) -> bool:
        """Forget the command list of a scope and language."""
        self._commands.pop(_scope_key(params.get("scope"), params.get("language_code") or ""),
                           None)
        return True

    def _get_commands(self, params: dict[str, Any], call: Call) -> list[dict[str, Any]]:
        """The command list of a scope and language."""
        key = _scope_key(params.get("scope"), params.get("language_code") or "")
        return copy.deepcopy(self._commands.get(key, []))

    def _checked_text(self, params: dict[str, Any]) -> tuple[str, str, Any, Any]:
        """A message's text as sent, as Telegram stores it, its entities and keyboard;
        ApiError for an empty text, bad markup or a too long message."""
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._formatted(text, params, "entities", MAX_TEXT)
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        markup = params.get("reply_markup")
        _check_markup(markup)
        return text, plain, entities, markup

    def _send_message(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        """A new text message in the chat."""
        text, plain, entities, markup = self._checked_text(params)
        message = self._new_message(params["chat_id"], self._bot_user())
        message["text"] = plain
        self._attach(message, "entities", entities, _inline(markup))
        self._messages[(params["chat_id"], message["message_id"])] = _Stored(
            message, from_bot=True, sent_text=text, plain_text=plain)
        return copy.deepcopy(message)

    def _edit_text(self, params: dict[str, Any], call: Call) -> Any:
        """New text (and keyboard: none given means none) for a bot message."""
        if params.get("inline_message_id"):
            return True
        stored = self._editable(params)
        if "text" not in stored.data:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text, plain, entities, markup = self._checked_text(params)
        inline = _inline(markup)
        old = stored.data
        if (old["text"], old.get("entities"), old.get("reply_markup")) == (
                plain, entities or None, inline):
            raise ApiError(400, NOT_MODIFIED)
        old["text"] = plain
        self._attach(old, "entities", entities, inline)
        old["edit_date"] = int(time.time())
        stored.sent_text, stored.plain_text = text, plain
        return copy.deepcopy(old)

    def _edit_markup(self, params: dict[str, Any], call: Call) -> Any:
        """A new inline keyboard (none given: removed) for a bot message."""
        if params.get("inline_message_id"):
            return True
        stored = self._editable(params)
        markup = params.get("reply_markup")
        _check_markup(markup)
        inline = _inline(markup)
        if stored.data.get("reply_markup") == inline:
            raise ApiError(400, NOT_MODIFIED)
        if inline:
            stored.data["reply_markup"] = inline
        else:
            stored.data.pop("reply_markup", None)
        stored.data["edit_date"] = int(time.time())
        return copy.deepcopy(stored.data)

    def _delete_message(self, params: dict[str, Any], call: Call) -> bool:
        """Delete a message of the chat (the bot's, or a user's in a private chat)."""
        stored = self._messages.get((params["chat_id"], params.get("message_id")))
        if stored is None or stored.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        stored.deleted = True
        return True

    def _answer_query(self, params: dict[str, Any], call: Call) -> bool:
        """Answer a callback query once; unknown or answered ids are refused like Telegram."""
        query = self._queries.get(str(params.get("callback_query_id", "")))
        if query is None or query["answered"]:
            raise ApiError(400, QUERY_INVALID)
        query["answered"] = True
        call.chat_id = query["chat_id"]
        return True

    def _send_photo(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        """A photo message; the upload is kept (photos())."""
        stored_file = self._take_file(params, "photo", "photos", "image/jpeg")
        width, height = _image_size(stored_file.data)
        size = {"file_id": stored_file.file_id, "file_unique_id": stored_file.unique_id,
                "width": width, "height": height, "file_size": len(stored_file.data)}
        return self._media_message(params, "photo", [size], stored_file)

    def _send_document(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        """A document message; the upload is kept (documents())."""
        stored_file = self._take_file(params, "document", "documents",
                                      "application/octet-stream")
        document = {"file_id": stored_file.file_id, "file_unique_id": stored_file.unique_id,
                    "file_name": stored_file.name, "mime_type": stored_file.mime,
                    "file_size": len(stored_file.data)}
        return self._media_message(params, "document", document, stored_file)

    def _get_file(self, params: dict[str, Any], call: Call) -> dict[str, Any]:
        """File info with the file_path to download from base_file_url."""
        stored_file = self._files.get(str(params.get("file_id", "")))
        if stored_file is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {"file_id": stored_file.file_id, "file_unique_id": stored_file.unique_id,
                "file_size": len(stored_file.data), "file_path": stored_file.path}

    def _send_chat_action(self, params: dict[str, Any], call: Call) -> bool:
        """typing… and friends."""
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    # -- helpers ---------------------------------------------------------------------------------

    def _formatted(self, text: str, params: dict[str, Any], entities_name: str,
                   limit: int) -> tuple[str, list[dict[str, Any]]]:
        """Plain text and entities after parse_mode; 400 when unparsable or over `limit`."""
        mode = str(params.get("parse_mode") or "").lower()
        entities: list[dict[str, Any]] = []
        if mode == "html":
            try:
                plain, entities = parse_html(text, self.strict_html)
            except HtmlParseError as err:
                raise ApiError(400, f"Bad Request: can't parse entities: {err}") from err
        elif mode in ("", "markdown", "markdownv2"):
            plain = text  # Markdown is not parsed here: counted and kept as sent
            given = params.get(entities_name)
            entities = copy.deepcopy(given) if isinstance(given, list) and not mode else []
        else:
            raise ApiError(400, "Bad Request: unsupported parse_mode")
        if len(plain) > limit:
            what = "message caption" if limit == MAX_CAPTION else "message"
            raise ApiError(400, f"Bad Request: {what} is too long")
        return plain, entities

    def _attach(self, message: dict[str, Any], entities_key: str,
                entities: list[dict[str, Any]], inline: dict[str, Any] | None) -> None:
        """Set or clear entities and the inline keyboard of a Message dict."""
        for key, value in ((entities_key, entities), ("reply_markup", inline)):
            if value:
                message[key] = value
            else:
                message.pop(key, None)

    def _editable(self, params: dict[str, Any]) -> _Stored:
        """The bot message an edit points at, or Telegram's 400."""
        stored = self._messages.get((params["chat_id"], params.get("message_id")))
        if stored is None or stored.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not stored.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return stored

    def _take_file(self, params: dict[str, Any], name: str, folder: str,
                   mime: str) -> _StoredFile:
        """The uploaded (or re-sent by file_id) file of a send* call, stored for getFile."""
        value = params.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if isinstance(value, str):
            known = self._files.get(value)
            if known is not None:
                return known
            if not value.startswith(("http://", "https://")):
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            value = Upload(value.rsplit("/", 1)[-1] or "file", mime, b"")  # not fetched here
        elif not isinstance(value, Upload):
            raise ApiError(400, f"Bad Request: there is no {name} in the request")
        elif not value.data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        number = len(self._files) + 1
        suffix = _suffix(value.filename, value.content_type or mime)
        stored_file = _StoredFile(
            file_id=f"{name.upper()}-{self.bot_id}-{number}", unique_id=f"U{number}",
            path=f"{folder}/file_{number}.{suffix}", data=value.data, name=value.filename,
            mime=value.content_type or mime)
        self._files[stored_file.file_id] = stored_file
        return stored_file

    def _media_message(self, params: dict[str, Any], key: str, media: Any,
                       stored_file: _StoredFile) -> dict[str, Any]:
        """A photo/document Message with caption and keyboard, stored."""
        caption = params.get("caption")
        plain, entities = ("", [])
        if isinstance(caption, str) and caption:
            plain, entities = self._formatted(caption, params, "caption_entities", MAX_CAPTION)
        markup = params.get("reply_markup")
        _check_markup(markup)
        message = self._new_message(params["chat_id"], self._bot_user())
        message[key] = media
        if plain:
            message["caption"] = plain
        self._attach(message, "caption_entities", entities, _inline(markup))
        self._messages[(params["chat_id"], message["message_id"])] = _Stored(
            message, from_bot=True, sent_text=caption if isinstance(caption, str) else None,
            plain_text=plain or None)
        return copy.deepcopy(message)

    def _file_bytes(self, call: Call) -> bytes:
        """The bytes of the file a successful send* call stored."""
        message = call.answer or {}
        media = message.get("photo") or message.get("document")
        file_id = media[-1]["file_id"] if isinstance(media, list) else (media or {}).get("file_id")
        with self._lock:
            stored_file = self._files.get(file_id or "")
            return stored_file.data if stored_file else b""

    def _download(self, token: str, path: str) -> tuple[int, str, bytes]:
        """GET /file/bot{token}/{file_path}."""
        if token != self.token:
            return _json_reply(401, ApiError(401).payload())
        with self._lock:
            for stored_file in self._files.values():
                if stored_file.path == path:
                    return 200, stored_file.mime, stored_file.data
        return _json_reply(404, ApiError(404).payload())

    def _bot_user(self) -> dict[str, Any]:
        """The bot as a User."""
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name,
                "username": self.username}

    def _user(self, user_id: int, first_name: str | None = None,
              username: str | None = None) -> dict[str, Any]:
        """A human User, remembered (send_text updates the name)."""
        user = self._users.setdefault(user_id, {"id": user_id, "is_bot": False,
                                                "first_name": "Ольга", "language_code": "ru"})
        if first_name is not None:
            user["first_name"] = first_name
        if username is not None:
            user["username"] = username
        return copy.deepcopy(user)

    def _chat(self, chat_id: int) -> dict[str, Any]:
        """The Chat of an id: a private chat with a user, or a group."""
        if chat_id < 0:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            return {"id": chat_id, "type": kind, "title": f"Chat {chat_id}"}
        chat: dict[str, Any] = {"id": chat_id, "type": "private"}
        user = self._users.get(chat_id)
        if user:
            chat.update({k: user[k] for k in ("first_name", "username") if k in user})
        return chat

    def _new_message(self, chat_id: int, sender: dict[str, Any]) -> dict[str, Any]:
        """A Message skeleton with the chat's next message_id."""
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return {"message_id": message_id, "from": sender, "chat": self._chat(chat_id),
                "date": int(time.time())}

    def _view(self, stored: _Stored) -> dict[str, Any]:
        """A stored message for tests: the Message dict plus plain_text and sent_text."""
        view = copy.deepcopy(stored.data)
        view["plain_text"] = stored.plain_text
        view["sent_text"] = stored.sent_text
        if stored.deleted:
            view["deleted"] = True
        return view

    def _summary(self, chat_id: int) -> list[tuple[int, str, list[str]]]:
        """(message_id, text, buttons) of the bot's messages in a chat, for errors."""
        return [(m["message_id"], _short(m.get("text") or m.get("caption") or ""),
                 [f"{b['text']}={b.get('callback_data')}" for b in _buttons(m)])
                for m in self.messages(chat_id)]

    def _match(self, predicate: Predicate, since: int) -> Call | None:
        """The first answered call from `since` that matches."""
        test = _method_is(predicate) if isinstance(predicate, str) else predicate
        with self._lock:
            calls = [c for c in self._calls[since:] if c.status is not None]
        for call in calls:
            try:
                if test(call):
                    return call
            except (KeyError, TypeError, AttributeError, IndexError):
                continue
        return None

    def _timeout_report(self, predicate: Predicate, timeout: float) -> str:
        """The AssertionError text of a wait_for that timed out."""
        with self._lock:
            recent = self._calls[-DUMP_CALLS:]
            lines = "\n".join(f"  {c.describe()}" for c in recent) or "  (no calls)"
        what = predicate if isinstance(predicate, str) else getattr(predicate, "__name__", "?")
        return f"no call matched {what} within {timeout} s; last calls:\n{lines}"


def _method_is(method: str) -> Callable[[Call], bool]:
    """A predicate: the call is of this method (any case)."""
    name = CANONICAL.get(method.lower(), method)

    def test(call: Call) -> bool:
        """Whether the call is of the method."""
        return call.method == name

    return test


def _update_type(update: dict[str, Any]) -> str:
    """message, callback_query, … — the one field besides update_id."""
    return next((k for k in update if k != "update_id"), "")


def _continues_word(text: str, end: int) -> bool:
    """Whether a /command match runs on into a word (then it is no command)."""
    return end < len(text) and (text[end].isalnum() or text[end] in "_/<>")


def _scope_key(scope: Any, language_code: str) -> tuple[str, str]:
    """A hashable key for a BotCommandScope and language."""
    scope = scope or {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code


def _chat_of(params: dict[str, Any]) -> int | None:
    """The chat a call addresses, when it names one."""
    chat_id = params.get("chat_id")
    return chat_id if isinstance(chat_id, int) else None


def _json_reply(status: int, payload: dict[str, Any]) -> tuple[int, str, bytes]:
    """A JSON answer."""
    return status, "application/json", json.dumps(payload, ensure_ascii=False).encode("utf-8")


class _Server(ThreadingHTTPServer):
    """A thread per connection, and a listen backlog that takes a burst of connections."""

    daemon_threads = True
    request_queue_size = 256


def _handler_for(api: BotAPI) -> type[BaseHTTPRequestHandler]:
    """An HTTP handler class bound to this stand-in."""

    class Handler(BaseHTTPRequestHandler):
        """Reads the request, asks the stand-in, writes the answer (keep-alive, like Telegram)."""

        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else keep-alive answers wait ~40 ms for delayed ACKs

        def _body(self) -> bytes:
            """The request body (Content-Length or chunked)."""
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                self.rfile.readline()
                return b"".join(chunks)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _serve(self) -> None:
            """Answer GET or POST."""
            body = self._body()
            path, _, query = self.path.partition("?")
            try:
                status, content_type, payload = api.handle(
                    path, query, self.headers.get("Content-Type", ""), body)
            except _Abort:
                self.close_connection = True
                return
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (timeout) before the answer
                self.close_connection = True

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Stay quiet."""

    return Handler


@pytest.fixture
def bot_api() -> Iterator[BotAPI]:
    """A running Telegram Bot API stand-in for token DEFAULT_TOKEN, stopped after the test."""
    api = BotAPI().start()
    try:
        yield api
    finally:
        api.stop()
