"""Who owns a client: a pinned manager is kept while his role fits, else an even, stable pick."""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence

from bot.core.config import Manager
from bot.core.segments import Role
from sheets.values import norm


def find_manager(name: str, managers: Sequence[Manager]) -> Manager | None:
    """The configured manager a typed name means (case, spaces and ё ignored)."""
    key = norm(name)
    if not key:
        return None
    return next((m for m in managers if norm(m.name) == key), None)


def weight(client_key: str, manager: Manager) -> int:
    """A stable pseudo-random weight of a (client, manager) pair, for tie-breaks."""
    return zlib.crc32(f"{client_key}\x00{manager.name}".encode())


class OwnerPicker:
    """Spreads clients needing an owner evenly over a role's managers, the same way every run.

    Each pick goes to the manager of the role with the fewest picks so far; ties go to the
    highest hash weight of (client, manager), so the result does not depend on config order.
    """

    def __init__(self, managers: Sequence[Manager]) -> None:
        self.managers = list(managers)
        self.picks: Counter[str] = Counter()
        self.by_role = {r: [m for m in self.managers if m.role is r] for r in Role}
        self.by_name = {norm(m.name): m for m in self.managers}
        self._names: dict[str, Manager | None] = {}

    def find(self, name: str) -> Manager | None:
        """The configured manager a typed name means (memoised: few distinct names)."""
        if name not in self._names:
            self._names[name] = self.by_name.get(norm(name)) if name else None
        return self._names[name]

    def pick(self, client_key: str, role: Role) -> Manager | None:
        """The manager for a client of this role; None when the role has nobody."""
        pool = self.by_role.get(role)
        if not pool:
            return None
        if len(pool) == 1:
            best = pool[0]
        else:
            picks = self.picks
            fewest = min(picks[m.name] for m in pool)
            tied = [m for m in pool if picks[m.name] == fewest]
            best = tied[0] if len(tied) == 1 else max(tied, key=lambda m: weight(client_key, m))
        self.picks[best.name] += 1
        return best
