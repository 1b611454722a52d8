"""Who owns a client: a pinned manager is kept while his role fits, else an even, stable pick."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from sheets.values import norm

from .config import Manager
from .segments import Role


def find_manager(name: str, managers: Sequence[Manager]) -> Manager | None:
    """The configured manager a typed name means (case, spaces and ё ignored)."""
    key = norm(name)
    if not key:
        return None
    return next((m for m in managers if norm(m.name) == key), None)


def _weight(client_key: str, manager: Manager) -> bytes:
    """A stable pseudo-random weight of a (client, manager) pair, for tie-breaks."""
    return hashlib.blake2b(f"{client_key}\x00{manager.name}".encode(), digest_size=8).digest()


class OwnerPicker:
    """Spreads clients needing an owner evenly over a role's managers, the same way every run.

    Each pick goes to the manager of the role with the fewest picks so far; ties go to the
    highest hash weight of (client, manager), so the result does not depend on config order.
    """

    def __init__(self, managers: Sequence[Manager]) -> None:
        self.managers = list(managers)
        self.picks: Counter[str] = Counter()

    def pick(self, client_key: str, role: Role) -> Manager | None:
        """The manager for a client of this role; None when the role has nobody."""
        pool = [m for m in self.managers if m.role is role]
        if not pool:
            return None
        best = min(pool, key=lambda m: (self.picks[m.name], _neg(_weight(client_key, m))))
        self.picks[best.name] += 1
        return best


def _neg(weight: bytes) -> bytes:
    """Invert a weight so min() prefers the highest."""
    return bytes(255 - b for b in weight)
