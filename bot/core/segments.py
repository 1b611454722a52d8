"""Segments of the base, the roles that serve them, and the labels written in the sheet."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a manager does: cold calls, closing (дожим, lead conversion), account management."""

    cold_caller = "cold_caller"
    closer = "closer"
    account_manager = "account_manager"


class Segment(StrEnum):
    """A group of clients with one owner role and one rule for when they are due."""

    new = "new"
    prospect = "prospect"
    retry = "retry"
    warm = "warm"
    follow_up = "follow_up"
    lapsed = "lapsed"
    active = "active"
    stop = "stop"


def label_key(segment: Segment) -> str:
    """The catalogue key of a segment's default label (the word written in the segment column)."""
    return f"segment.{segment.value}"


# Fill colours per segment for `init` (light, readable with black text).
COLORS: dict[Segment, str] = {
    Segment.new: "DDEBF7",
    Segment.prospect: "BDD7EE",
    Segment.retry: "E7E6E6",
    Segment.warm: "FFF2CC",
    Segment.follow_up: "FCE4D6",
    Segment.lapsed: "F8CBAD",
    Segment.active: "E2EFDA",
    Segment.stop: "D9D9D9",
}


def segment_role(segment: Segment, lapsed_role: Role) -> Role | None:
    """The role that owns a segment; None for `stop`."""
    if segment in (Segment.new, Segment.prospect, Segment.retry):
        return Role.cold_caller
    if segment in (Segment.warm, Segment.follow_up):
        return Role.closer
    if segment is Segment.lapsed:
        return lapsed_role
    if segment is Segment.active:
        return Role.account_manager
    return None
