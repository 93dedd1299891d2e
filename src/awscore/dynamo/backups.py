"""Point-in-time recovery settings (DescribeContinuousBackups / UpdateContinuousBackups).

awscore records the setting and reports AWS's restore window on the clock;
restoring (RestoreTableToPointInTime) is not implemented and fails loudly.
Continuous backups switch on with the first PITR enablement and stay on, as
AWS reports ENABLED after PITR is disabled again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import TableNotFoundException, ValidationException

if TYPE_CHECKING:
    from .backend import DynamoDB
    from .table import Table

__all__ = ["Pitr", "pitr_of", "update_pitr", "DEFAULT_DAYS", "LATEST_LAG"]

DEFAULT_DAYS = 35
LATEST_LAG = 300.0  # LatestRestorableDateTime trails the clock by about five minutes


@dataclass
class Pitr:
    """A table's PITR state and the restore window it implies at ``now``."""

    enabled: bool = False
    days: int = DEFAULT_DAYS
    since: float = 0.0
    continuous: bool = False

    def window(self, now: float) -> tuple[float, float]:
        """``(earliest, latest)`` restorable epoch times."""
        earliest = max(self.since, now - self.days * 86400)
        return earliest, max(earliest, now - LATEST_LAG)


def _table(db: DynamoDB, name: str) -> Table:
    try:
        return db.table(name)
    except LookupError:
        raise TableNotFoundException(f"Table not found: {name}") from None


def pitr_of(db: DynamoDB, name: str) -> Pitr:
    """DescribeContinuousBackups: the table's PITR state (TableNotFoundException if missing)."""
    table = _table(db, name)
    return table.meta.pitr if table.meta.pitr is not None else Pitr()


def update_pitr(db: DynamoDB, name: str, enabled: bool, days: int | None = None) -> Pitr:
    """UpdateContinuousBackups: enable (optionally with a 1-35 day period) or disable PITR."""
    if days is not None and not enabled:
        raise ValidationException(
            "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."
        )
    table = _table(db, name)
    with table.lock:
        pitr = table.meta.pitr or Pitr()
        if enabled:
            if not pitr.enabled:
                pitr = Pitr(True, DEFAULT_DAYS, db.clock.now(), True)
            if days is not None:
                pitr.days = days
        else:
            pitr = Pitr(False, DEFAULT_DAYS, 0.0, pitr.continuous)
        table.meta.pitr = pitr
    return pitr
