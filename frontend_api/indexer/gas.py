"""Gas spent on the network: every transaction that emitted an indexed event, priced from its receipt
(``gasUsed x effectiveGasPrice``), summed into ``IndexTotal`` (``gas:used``, ``gas:fees``, ``gas:txs``).

Events carry no gas, so this needs one receipt per transaction. ``GasMeter`` reads them behind the
indexer, not inside it (a receipt costs about as much as the logs of a whole range, and catch-up speed is
the indexer's measure): it walks the event feed by id from a mark kept in ``NetworkParam``
(``gas_priced_event``), at most ``batch`` events a step, fetches the receipts of the transactions not yet
priced in one JSON-RPC batch, and records them in one database transaction that first checks their events
are still indexed (a rewind between the read and the write drops them; their replacements get new event
ids above the mark, so they are priced when the walk reaches them). A rewind deletes the fee rows of the
rewound blocks and subtracts them (``Indexer.on_rewind`` calls ``forget``).

Not counted: transactions that reverted or emitted none of the indexed events (a failed claim, a token
approve), and the deployment itself. ``GasThread`` runs the meter in ``gpuhive web``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from frontend_api.indexer.models import IndexedEvent, IndexedTxFee, IndexTotal, NetworkParam

log = logging.getLogger(__name__)

MARK = "gas_priced_event"  # NetworkParam: the newest event id whose transaction is priced
TOTALS = ("gas:used", "gas:fees", "gas:txs")


def _add(s: Session, key: str, delta: int) -> None:
    row = s.get(IndexTotal, key)
    if row is None:
        s.add(IndexTotal(key=key, value=max(0, delta)))
    else:
        row.value = max(0, row.value + delta)


def forget(s: Session, fork_block: int) -> None:
    """Drop the fees of blocks from ``fork_block`` on and take them off the totals (inside a rewind)."""
    rows = s.execute(
        select(IndexedTxFee.gas_used, IndexedTxFee.fee).where(IndexedTxFee.block_number >= fork_block)
    ).all()
    if not rows:
        return
    s.execute(delete(IndexedTxFee).where(IndexedTxFee.block_number >= fork_block))
    deltas = (sum(r.gas_used for r in rows), sum(r.fee for r in rows), len(rows))
    for key, delta in zip(TOTALS, deltas, strict=True):
        _add(s, key, -delta)


class GasMeter:
    """Prices the indexed events' transactions from their receipts (see the module docstring)."""

    def __init__(self, w3: Any, sessions: sessionmaker[Session], *, batch: int = 500) -> None:
        self.w3 = w3
        self.sessions = sessions
        self.batch = batch

    def step(self) -> int:
        """Price the transactions of the next ``batch`` events after the mark; returns the events walked."""
        with self.sessions() as s:
            mark = int(s.scalar(select(NetworkParam.value).where(NetworkParam.key == MARK)) or 0)
            events = s.execute(
                select(IndexedEvent.id, IndexedEvent.tx_hash, IndexedEvent.block_number)
                .where(IndexedEvent.id > mark)
                .order_by(IndexedEvent.id)
                .limit(self.batch)
            ).all()
            if not events:
                return 0
            hashes = {tx: block for _, tx, block in events}
            known = set(s.scalars(select(IndexedTxFee.tx_hash).where(IndexedTxFee.tx_hash.in_(hashes))))
        wanted = [tx for tx in hashes if tx not in known]
        receipts = self._receipts(wanted)
        with self.sessions.begin() as s:
            still = set(s.scalars(select(IndexedEvent.tx_hash).where(IndexedEvent.tx_hash.in_(wanted)).distinct()))
            used = fees = txs = 0
            for tx in wanted:
                receipt = receipts.get(tx)
                if tx not in still or receipt is None or int(receipt["blockNumber"]) != hashes[tx]:
                    continue  # rewound, or moved to another block: its new events are priced later
                gas, price = int(receipt["gasUsed"]), int(receipt.get("effectiveGasPrice") or 0)
                s.add(IndexedTxFee(tx_hash=tx, block_number=hashes[tx], gas_used=gas, fee=gas * price))
                used, fees, txs = used + gas, fees + gas * price, txs + 1
            for key, delta in zip(TOTALS, (used, fees, txs), strict=True):
                _add(s, key, delta)
            row = s.get(NetworkParam, MARK)
            if row is None:
                s.add(NetworkParam(key=MARK, value=str(events[-1][0])))
            else:
                row.value = str(events[-1][0])
        return len(events)

    def run_until_idle(self) -> int:
        """Step until every indexed event is walked; returns how many were."""
        walked = 0
        while n := self.step():
            walked += n
        return walked

    def _receipts(self, hashes: list[str]) -> dict[str, Any]:
        """Receipts by hash, in JSON-RPC batches of 100 (one request each if the node refuses batches)."""
        found: dict[str, Any] = {}
        for i in range(0, len(hashes), 100):
            chunk = hashes[i : i + 100]
            try:
                with self.w3.batch_requests() as batch:
                    for tx in chunk:
                        batch.add(self.w3.eth.get_transaction_receipt(tx))
                    replies = batch.execute()
            except Exception:  # noqa: BLE001 - a node without batches: one request each
                log.debug("batch receipts refused; fetching one by one", exc_info=True)
                replies = [self.w3.eth.get_transaction_receipt(tx) for tx in chunk]
            for tx, receipt in zip(chunk, replies, strict=True):
                if receipt is not None:
                    found[tx] = receipt
        return found


class GasThread:
    """Runs a ``GasMeter`` in a daemon thread: steps while there is work, else sleeps ``poll_seconds``."""

    def __init__(self, meter: GasMeter, poll_seconds: float = 1.0) -> None:
        self.meter = meter
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gas-meter", daemon=True)

    def start(self) -> GasThread:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.meter.step():
                    continue
            except Exception:
                log.exception("gas meter step failed; retrying")
            self._stop.wait(self.poll_seconds)
