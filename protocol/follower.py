"""Following the contracts' events: an ``eth_getLogs`` poller with a persisted cursor that survives reorgs.

The follower reads the logs of the deployment's contracts (JobEscrow by
default) from ``deployment.start_block`` on, only from blocks at least
``confirmations`` deep, in ranges of at most ``max_block_range`` blocks.
Each range is one database transaction: the handler's ``on_event`` calls,
the rows that mark each log processed (key ``(tx_hash, log_index)``, so a
log is never handled twice), the hashes of the blocks read, and the cursor
move commit together or not at all.

Reorgs: before reading new blocks, every poll compares the stored hash of
the most recent processed block with the chain (a block hash commits to
all its ancestors, so one match means nothing below changed). On a
mismatch it walks back over the stored hashes (the last ``reorg_window``
blocks) to the newest block that still matches; everything after it is
rewound in one transaction — processed-log rows and block hashes deleted,
``handler.on_rewind(fork_block, session)`` called so the consumer can undo
what it derived from those blocks, the cursor moved back — and then
processed again from the canonical chain. A reorg deeper than the window
rewinds to the start block (a full, slow, but correct resync). A reorg of
blocks not yet confirmed (the head the last poll saw is gone, the stored
hashes still match) rewinds from the first unprocessed block: nothing of
the follower's changes, but the handler can undo what it took from the
unconfirmed head (the leader's spot-check draws).

A log of a followed contract that carries a known event's topic but does
not decode with that event's ABI (wrong topic count, short or malformed
data: only a contract other than ours emits one) is skipped with a
warning; it never stops the follower.

``NewHeadsWaker`` subscribes to ``newHeads`` over WebSocket and wakes the
poller early; the poller never depends on it.

``EventTable`` and ``@on_`` turn handler objects into the follower's handler
(one method per event name). The follower's tables live on their own
declarative base, ``FollowerBase``: every consumer's database (the oracle's,
the explorer's indexer) creates them with ``create_follower_tables`` next to
its own.

Lives in ``protocol/`` because two roles follow the chain: the oracle
(``oracles/service.py``) and the explorer's indexer (``frontend_api/indexer``).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, cast

from eth_abi.abi import decode as abi_decode  # where it is defined: eth_abi's __init__ does not re-export it
from eth_utils import event_abi_to_log_topic, to_checksum_address
from hexbytes import HexBytes
from sqlalchemy import BigInteger, Engine, Integer, String, Table, delete, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from web3.contract import Contract
from web3.exceptions import Web3RPCError
from web3.types import LogReceipt

from protocol.chain import ChainClient

log = logging.getLogger(__name__)


# -- tables ---------------------------------------------------------------------------------


class FollowerBase(DeclarativeBase):
    """The follower's own tables (cursor, processed logs, block hashes), created in any consumer's database."""


def create_follower_tables(engine: Engine) -> None:
    """Create the follower's tables in ``engine``'s database (idempotent)."""
    FollowerBase.metadata.create_all(engine)


class FollowerCursor(FollowerBase):
    """The last block a follower stream has fully processed."""

    __tablename__ = "follower_cursors"

    stream: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_block: Mapped[int] = mapped_column(BigInteger)


class ProcessedLog(FollowerBase):
    """A log already passed to the handler; the key makes processing idempotent."""

    __tablename__ = "follower_processed_logs"

    stream: Mapped[str] = mapped_column(String(64), primary_key=True)
    tx_hash: Mapped[str] = mapped_column(String(66), primary_key=True)
    log_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    block_number: Mapped[int] = mapped_column(BigInteger, index=True)
    block_hash: Mapped[str] = mapped_column(String(66))
    event_name: Mapped[str] = mapped_column(String(64))


class FollowerBlock(FollowerBase):
    """Hash of a recently processed block (range ends and blocks with logs), to detect reorgs."""

    __tablename__ = "follower_block_hashes"

    stream: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hash: Mapped[str] = mapped_column(String(66))


# -- events and handlers ----------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedEvent:
    """One contract event, decoded with the contract's ABI."""

    name: str
    args: dict[str, Any]
    address: str
    block_number: int
    block_hash: bytes
    tx_hash: str
    log_index: int
    block_timestamp: int | None = None  # the log's ``blockTimestamp`` where the node sends it (anvil does)

    @property
    def key(self) -> tuple[str, int]:
        return self.tx_hash, self.log_index


class EventHandler(Protocol):
    """What the follower feeds. Both calls run inside the follower's DB transaction (``session``);
    raising rolls it back and the same events come again on the next poll. A handler may also define
    ``on_range_end(session)``: called once per range after its events, in the same transaction (to
    write what it batched)."""

    def on_event(self, event: DecodedEvent, session: Session) -> None:
        """Handle one new event (called once per event, in chain order)."""

    def on_rewind(self, fork_block: int, session: Session) -> None:
        """Undo everything derived from events in blocks ``>= fork_block``; they were reorged away."""


Handler = Callable[[DecodedEvent, Session], None]


def on_(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a method as the handler of the events ``names``; ``EventTable`` collects it."""

    def mark(method: Callable[..., None]) -> Callable[..., None]:
        method._handles = (*getattr(method, "_handles", ()), *names)  # type: ignore[attr-defined]
        return method

    return mark


def handlers_of(*groups: object) -> dict[str, Handler]:
    """``{event name: bound method}`` from the ``@on_`` methods of ``groups``; an event may have one handler."""
    handlers: dict[str, Handler] = {}
    for group in groups:
        for attr in dir(type(group)):
            for name in getattr(getattr(type(group), attr), "_handles", ()):
                if name in handlers:
                    raise ValueError(f"event {name} has two handlers; give each event one")
                handlers[name] = getattr(group, attr)
    return handlers


class EventTable:
    """The follower's handler: ``{event name: handler}`` built from the ``@on_`` methods of ``groups``.

    ``rewind(fork_block, session)`` undoes what was derived from blocks a reorg removed.
    """

    def __init__(self, *groups: object, rewind: Callable[[int, Session], None]) -> None:
        self.handlers = handlers_of(*groups)
        self.rewind = rewind

    def on_event(self, event: DecodedEvent, session: Session) -> None:
        handler = self.handlers.get(event.name)
        if handler is not None:
            handler(event, session)

    def on_rewind(self, fork_block: int, session: Session) -> None:
        self.rewind(fork_block, session)


# -- the follower ----------------------------------------------------------------------------


class ChainFollower:
    """Polls the logs of ``contracts`` (default: the escrow) and hands them to ``handler`` exactly once each.

    ``confirmations``: how deep a block must be before its logs are read; ``max_block_range``: the
    most blocks per ``eth_getLogs``; ``reorg_window``: how many recent blocks' hashes are kept to find
    a fork point; ``stream``: the cursor's name (one per follower sharing a database);
    ``start_block``: default ``deployment.start_block``.
    """

    def __init__(
        self,
        client: ChainClient,
        session_factory: sessionmaker[Session],
        handler: EventHandler,
        *,
        confirmations: int = 1,
        max_block_range: int = 2_000,
        poll_interval: float = 1.0,
        reorg_window: int = 128,
        stream: str = "escrow",
        contracts: Sequence[Contract] | None = None,
        start_block: int | None = None,
    ) -> None:
        if confirmations < 0 or max_block_range < 1 or reorg_window < 1:
            raise ValueError("need confirmations >= 0, max_block_range >= 1 and reorg_window >= 1")
        self.client = client
        self.sessions = session_factory
        self.handler = handler
        self.confirmations = confirmations
        self.max_block_range = max_block_range
        self.poll_interval = poll_interval
        self.reorg_window = reorg_window
        self.stream = stream
        self.contracts = list(contracts) if contracts is not None else [client.escrow]
        self.start_block = client.deployment.start_block if start_block is None else start_block
        self._events = _event_table(self.contracts)
        self._range = max_block_range
        self._wake = threading.Event()
        self._poll_lock = threading.Lock()
        self._polled: tuple[int, bytes, int] | None = None  # (head number, hash, cursor) after a complete poll
        self._head_seen: tuple[int, bytes] | None = None  # the head the last poll saw (for unconfirmed reorgs)

    # -- public API ----------------------------------------------------------------------------

    def last_block(self) -> int:
        """The last block fully processed (``start_block - 1`` before the first poll)."""
        with self.sessions() as s:
            cursor = s.get(FollowerCursor, self.stream)
            return cursor.last_block if cursor else self.start_block - 1

    def poll_once(self) -> int:
        """Check for a reorg, then process every confirmed block after the cursor. Returns the number of
        events handed to the handler."""
        with self._poll_lock:
            head = self.client.head()
            if self._polled is not None and self._polled == (head.number, head.hash, self.last_block()):
                # nothing changed since the last complete poll: the head's hash commits to every block
                # below it, so there is neither a new block nor a reorg (one chain read instead of two, and no database write)
                return 0
            self._ensure_cursor()
            self._check_reorg()
            safe = head.number - self.confirmations
            handled = 0
            complete = True
            while (last := self.last_block()) < safe:
                done = self._process_range(last + 1, min(safe, last + self._range))
                if done is None:
                    complete = False
                    break
                handled += done
            self._polled = (head.number, head.hash, self.last_block()) if complete else None
            self._head_seen = (head.number, head.hash)
            return handled

    def run(self, stop_event: threading.Event, after_poll: Callable[[int], None] | None = None) -> None:
        """Poll until ``stop_event`` is set, sleeping ``poll_interval`` between polls unless ``wake()`` is
        called. Errors are logged and retried. To stop promptly: ``stop_event.set(); follower.wake()``.
        ``after_poll(n)`` is called after a poll that committed ``n > 0`` events (to start work on them)."""
        log.info("follower started", extra={"stream": self.stream, "from_block": self.last_block() + 1})
        while not stop_event.is_set():
            try:
                handled = self.poll_once()
                if handled and after_poll is not None:
                    after_poll(handled)
            except Exception:
                log.exception("follower poll failed; retrying", extra={"stream": self.stream})
            self._wake.wait(self.poll_interval)
            self._wake.clear()
        log.info("follower stopped", extra={"stream": self.stream, "last_block": self.last_block()})

    def wake(self) -> None:
        """Make a sleeping ``run`` loop poll now (a new block arrived)."""
        self._wake.set()

    # -- reorgs --------------------------------------------------------------------------------

    def _check_reorg(self) -> int | None:
        """Rewind if a stored block hash no longer matches the chain; returns the fork block or None."""
        with self.sessions() as s:
            stored = s.scalars(
                select(FollowerBlock).where(FollowerBlock.stream == self.stream).order_by(FollowerBlock.number.desc())
            ).all()
        if not stored or self._still_canonical(stored[0]):
            return self._check_unconfirmed_reorg()
        newest_match = next((b.number for b in stored[1:] if self._still_canonical(b)), None)
        if newest_match is None:
            fork = self.start_block
            log.error(
                "reorg deeper than the stored block hashes; resyncing from the start block",
                extra={"stream": self.stream, "oldest_stored": stored[-1].number, "fork_block": fork},
            )
        else:
            fork = newest_match + 1
            log.warning(
                "reorg detected", extra={"stream": self.stream, "fork_block": fork, "last_block": stored[0].number}
            )
        self._rewind(fork)
        return fork

    def _check_unconfirmed_reorg(self) -> int | None:
        """The head the last poll saw left the chain, above the processed blocks: rewind from the first
        unprocessed block (no processed log changes; the handler undoes what it took from that head)."""
        if self._head_seen is None:
            return None
        number, seen = self._head_seen
        block = self.client.block(number)
        if block is not None and bytes(block.hash) == bytes(seen):
            return None
        fork = self.last_block() + 1
        if fork > number:
            return None  # the seen head was processed: the stored hashes cover it
        log.warning("unconfirmed blocks reorganised", extra={"stream": self.stream, "fork_block": fork})
        self._rewind(fork)
        return fork

    def _still_canonical(self, stored: FollowerBlock) -> bool:
        block = self.client.block(stored.number)
        return block is not None and _hex(block.hash) == stored.hash

    def _rewind(self, fork_block: int) -> None:
        """Forget blocks ``>= fork_block`` and let the handler undo them, in one transaction."""
        with self.sessions.begin() as s:
            s.execute(
                delete(ProcessedLog).where(ProcessedLog.stream == self.stream, ProcessedLog.block_number >= fork_block)
            )
            s.execute(
                delete(FollowerBlock).where(FollowerBlock.stream == self.stream, FollowerBlock.number >= fork_block)
            )
            self.handler.on_rewind(fork_block, s)
            cursor = s.get(FollowerCursor, self.stream)
            assert cursor is not None
            cursor.last_block = min(cursor.last_block, fork_block - 1)

    # -- processing ----------------------------------------------------------------------------

    def _ensure_cursor(self) -> None:
        with self.sessions.begin() as s:
            if s.get(FollowerCursor, self.stream) is None:
                s.add(FollowerCursor(stream=self.stream, last_block=self.start_block - 1))

    def _process_range(self, from_block: int, to_block: int) -> int | None:
        """Read, decode and hand over the logs of ``[from_block, to_block]``, then move the cursor.
        Returns the number of events handled, 0 to retry a narrower range, None to end this poll."""
        end = self.client.block(to_block)  # read before the logs: a reorg in between shows as a stale hash
        if end is None:
            return None
        logs = self._get_logs(from_block, to_block)
        if logs is None:
            return 0
        events = [e for e in (self._decode(entry) for entry in logs) if e is not None]
        hashes = {to_block: _hex(end.hash)}
        if not _consistent(hashes, events):
            log.warning(
                "chain changed while reading a range; retrying next poll",
                extra={"stream": self.stream, "from_block": from_block, "to_block": to_block},
            )
            return None
        return self._commit_range(from_block, to_block, events, hashes)

    def _get_logs(self, from_block: int, to_block: int) -> list[LogReceipt] | None:
        """eth_getLogs over the followed contracts; halves the range when the node refuses it (None)."""
        try:
            return list(
                self.client.w3.eth.get_logs(
                    {
                        "fromBlock": from_block,
                        "toBlock": to_block,
                        "address": [c.address for c in self.contracts],
                    }
                )
            )
        except Web3RPCError as exc:
            if to_block == from_block:
                raise
            self._range = max(1, (to_block - from_block + 1) // 2)
            log.warning(
                "eth_getLogs refused a range; narrowing it",
                extra={
                    "stream": self.stream,
                    "from_block": from_block,
                    "to_block": to_block,
                    "new_range": self._range,
                    "error": str(exc),
                },
            )
            return None

    def _decode(self, entry: LogReceipt) -> DecodedEvent | None:
        topics = entry["topics"]
        event = self._events.get((entry["address"].lower(), bytes(topics[0]))) if topics else None
        if event is None:
            log.debug("skipping a log of no known event", extra={"stream": self.stream, "address": entry["address"]})
            return None
        try:
            args = event.decode(topics, entry["data"])
        except Exception as exc:  # a log from outside: whatever its bytes, it must not stop the follower
            log.warning(
                "skipping a log that does not decode",
                extra={
                    "stream": self.stream,
                    "address": entry["address"],
                    "tx_hash": _hex(entry["transactionHash"]),
                    "log_index": int(entry["logIndex"]),
                    "error": f"{type(exc).__name__}: {exc}"[:300],
                },
            )
            return None
        timestamp = cast(dict[str, Any], entry).get("blockTimestamp")
        return DecodedEvent(
            name=event.name,
            args=args,
            address=_checksum_text(entry["address"]),
            block_number=int(entry["blockNumber"]),
            block_hash=bytes(entry["blockHash"]),
            tx_hash=_hex(entry["transactionHash"]),
            log_index=int(entry["logIndex"]),
            block_timestamp=int(timestamp, 16) if isinstance(timestamp, str) else timestamp,
        )

    def _commit_range(
        self, from_block: int, to_block: int, events: list[DecodedEvent], hashes: dict[int, str]
    ) -> int | None:
        handled = 0
        with self.sessions.begin() as s:
            cursor = s.get(FollowerCursor, self.stream)
            if cursor is None or cursor.last_block != from_block - 1:
                log.warning(
                    "cursor moved under the follower; skipping range",
                    extra={"stream": self.stream, "from_block": from_block},
                )
                return None
            done = self._processed_keys(s, from_block, to_block) if events else set()
            processed: list[dict[str, Any]] = []
            for event in sorted(events, key=lambda e: (e.block_number, e.log_index)):
                handled += self._handle(s, event, done, processed)
            if processed:
                # one batched INSERT for the range, straight to the table (the ORM's bulk path costs more than the write)
                s.connection().execute(insert(cast(Table, ProcessedLog.__table__)), processed)
                range_end = getattr(self.handler, "on_range_end", None)
                if range_end is not None:
                    range_end(s)
            stored = set(
                s.scalars(
                    select(FollowerBlock.number).where(
                        FollowerBlock.stream == self.stream, FollowerBlock.number.between(from_block, to_block)
                    )
                )
            )
            for number, block_hash in hashes.items():
                if number in stored:
                    s.merge(FollowerBlock(stream=self.stream, number=number, hash=block_hash))
                else:
                    s.add(FollowerBlock(stream=self.stream, number=number, hash=block_hash))
            s.execute(
                delete(FollowerBlock).where(
                    FollowerBlock.stream == self.stream, FollowerBlock.number <= to_block - self.reorg_window
                )
            )
            cursor.last_block = to_block
        if handled:
            log.info(
                "events handled",
                extra={"stream": self.stream, "from_block": from_block, "to_block": to_block, "events": handled},
            )
        return handled

    def _processed_keys(self, s: Session, from_block: int, to_block: int) -> set[tuple[str, int]]:
        """(tx hash, log index) of the logs of ``[from_block, to_block]`` already processed (one query)."""
        rows = s.execute(
            select(ProcessedLog.tx_hash, ProcessedLog.log_index).where(
                ProcessedLog.stream == self.stream, ProcessedLog.block_number.between(from_block, to_block)
            )
        )
        return {(tx_hash, log_index) for tx_hash, log_index in rows}

    def _handle(
        self, s: Session, event: DecodedEvent, done: set[tuple[str, int]], processed: list[dict[str, Any]]
    ) -> int:
        """Hand one event to the handler unless it was already processed; 1 if handled. Its processed-log
        row joins ``processed`` (inserted for the whole range at once). Nothing is flushed per event: a
        handler's own query flushes what came before it (autoflush), the commit the rest, so a range's
        rows are written in batches."""
        if event.key in done:
            log.debug(
                "log already processed",
                extra={"stream": self.stream, "tx_hash": event.tx_hash, "log_index": event.log_index},
            )
            return 0
        processed.append(
            {
                "stream": self.stream,
                "tx_hash": event.tx_hash,
                "log_index": event.log_index,
                "block_number": event.block_number,
                "block_hash": _hex(event.block_hash),
                "event_name": event.name,
            }
        )
        done.add(event.key)
        self.handler.on_event(event, s)
        return 1


# -- waking on new heads ----------------------------------------------------------------------


class NewHeadsWaker:
    """Calls ``wake`` on every ``newHeads`` notification of a WebSocket JSON-RPC endpoint.

    Only an accelerator for the poller: a failed or lost connection is logged and retried every
    ``retry_seconds`` until ``stop()``.
    """

    def __init__(
        self, ws_url: str, wake: Callable[[], None], *, retry_seconds: float = 5.0, open_timeout: float = 5.0
    ) -> None:
        self.ws_url = ws_url
        self._wake = wake
        self.retry_seconds = retry_seconds
        self.open_timeout = open_timeout
        self.heads_seen = 0
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> NewHeadsWaker:
        self._thread = threading.Thread(target=self._run, name="new-heads-waker", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as exc:  # any failure only costs us the early wake-ups
                log.warning(
                    "newHeads subscription failed; polling continues without it",
                    extra={"ws_url": self.ws_url, "error": str(exc)},
                )
            self.connected.clear()
            self._stop.wait(self.retry_seconds)

    def _listen(self) -> None:
        from websockets.sync.client import connect

        with connect(self.ws_url, open_timeout=self.open_timeout) as ws:
            ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_subscribe", "params": ["newHeads"]}))
            reply = json.loads(ws.recv(timeout=self.open_timeout))
            if "error" in reply:
                raise RuntimeError(f"eth_subscribe refused: {reply['error']}")
            self.connected.set()
            log.info("subscribed to newHeads", extra={"ws_url": self.ws_url})
            while not self._stop.is_set():
                try:
                    message = json.loads(ws.recv(timeout=0.5))
                except TimeoutError:
                    continue
                if message.get("method") == "eth_subscription":
                    self.heads_seen += 1
                    self._wake()


def ws_url_for(http_url: str) -> str:
    """The WebSocket URL of a node that serves both on one port (anvil, geth with --ws on the same port)."""
    if http_url.startswith("https://"):
        return "wss://" + http_url.removeprefix("https://")
    return "ws://" + http_url.removeprefix("http://")


# -- helpers ----------------------------------------------------------------------------------


class EventDecoder:
    """Decodes one event's logs straight from its ABI entry, to the same arguments web3's ``process_log``
    gives (checksummed addresses, bytes, ints, strings; an indexed dynamic value as its topic hash).

    Words of static types (``uintN``, ``address``, ``bool``, ``bytesN``) and ``string``/``bytes`` in the
    data are read directly, checked as strictly as ``eth_abi`` (an int that does not fit its type,
    non-zero padding, an offset or length outside the data, invalid UTF-8 all raise); any other type
    goes through ``eth_abi``. web3's decoding was most of an indexer's catch-up time
    (``benchmarks/web.py``). Raises on a log whose topic count or data do not fit the ABI."""

    def __init__(self, abi: dict[str, Any]) -> None:
        self.name: str = abi["name"]
        inputs = abi.get("inputs", [])
        self.order = [i["name"] for i in inputs]
        self.indexed = [(i["name"], i["type"]) for i in inputs if i.get("indexed")]
        self.data_names = [i["name"] for i in inputs if not i.get("indexed")]
        self.data_types = [i["type"] for i in inputs if not i.get("indexed")]
        self.topic = event_abi_to_log_topic(cast(Any, abi))
        self._fast = all(_word_type(t) or t in ("string", "bytes") for t in self.data_types) and all(
            _word_type(t) or _dynamic(t) for _, t in self.indexed
        )

    def decode(self, topics: Sequence[bytes], data: bytes) -> dict[str, Any]:
        if len(topics) != len(self.indexed) + 1:
            raise ValueError(f"{self.name} has {len(self.indexed)} indexed arguments, the log {len(topics) - 1} topics")
        data = bytes(data)
        values: dict[str, Any] = {}
        for (name, typ), topic in zip(self.indexed, topics[1:], strict=True):
            if _dynamic(typ):
                values[name] = bytes(topic)
            elif self._fast:
                values[name] = _word(typ, bytes(topic))
            else:
                values[name] = _normal(typ, abi_decode([typ], bytes(topic))[0])
        if self._fast:
            decoded = _fast_data(self.data_types, data)
        else:
            decoded = [_normal(t, v) for t, v in zip(self.data_types, abi_decode(self.data_types, data), strict=True)]
        values.update(zip(self.data_names, decoded, strict=True))
        return {name: values[name] for name in self.order}


def _word_type(typ: str) -> bool:
    if typ in ("address", "bool"):
        return True
    for prefix, top in (("uint", 256), ("bytes", 32)):
        if typ.startswith(prefix) and typ[len(prefix) :].isdigit():
            return 0 < int(typ[len(prefix) :]) <= top
    return False


def _word(typ: str, word: bytes) -> Any:
    """One 32-byte word of static type ``typ``, checked as eth_abi's strict decoder checks it."""
    if len(word) != 32:
        raise ValueError(f"{typ}: a word is 32 bytes, got {len(word)}")
    if typ == "address":
        if any(word[:12]):
            raise ValueError("address: non-zero padding")
        return _checksum(word[12:])
    if typ == "bool":
        value = int.from_bytes(word, "big")
        if value > 1:
            raise ValueError(f"bool: {value} is neither 0 nor 1")
        return bool(value)
    if typ.startswith("uint"):
        value = int.from_bytes(word, "big")
        if value >> int(typ[4:]):
            raise ValueError(f"{typ}: {value} does not fit")
        return value
    size = int(typ[5:])  # bytesN
    if any(word[size:]):
        raise ValueError(f"{typ}: non-zero padding")
    return word[:size]


def _fast_data(types: list[str], data: bytes) -> list[Any]:
    if len(data) < 32 * len(types):
        raise ValueError(f"data of {len(data)} bytes is shorter than its {len(types)} head words")
    values: list[Any] = []
    for i, typ in enumerate(types):
        word = data[32 * i : 32 * i + 32]
        if typ not in ("string", "bytes"):
            values.append(_word(typ, word))
            continue
        offset = int.from_bytes(word, "big")
        if offset + 32 > len(data):
            raise ValueError(f"{typ}: offset {offset} outside the data")
        length = int.from_bytes(data[offset : offset + 32], "big")
        end = offset + 32 + length
        padded = offset + 32 + -(-length // 32) * 32
        if padded > len(data):
            raise ValueError(f"{typ}: length {length} outside the data")
        if any(data[end:padded]):
            raise ValueError(f"{typ}: non-zero padding")
        content = data[offset + 32 : end]
        values.append(content.decode("utf-8") if typ == "string" else content)
    return values


@lru_cache(maxsize=65_536)
def _checksum(raw: bytes) -> str:
    return to_checksum_address(raw)


@lru_cache(maxsize=1_024)
def _checksum_text(address: str) -> str:
    return to_checksum_address(address)


def _dynamic(typ: str) -> bool:
    return typ in ("string", "bytes") or typ.endswith("]") or typ.startswith("(")


def _normal(typ: str, value: Any) -> Any:
    if typ == "address":
        return to_checksum_address(value)
    if typ.endswith("]") and isinstance(value, list | tuple):
        return [_normal(typ[: typ.rindex("[")], v) for v in value]
    return _plain(value)


def _event_table(contracts: Iterable[Contract]) -> dict[tuple[str, bytes], EventDecoder]:
    """(lower-case address, topic0) -> the decoder of such logs."""
    table: dict[tuple[str, bytes], EventDecoder] = {}
    for contract in contracts:
        for item in cast(list[dict[str, Any]], contract.abi):
            if item.get("type") == "event" and not item.get("anonymous"):
                decoder = EventDecoder(item)
                table[(contract.address.lower(), decoder.topic)] = decoder
    return table


def _consistent(hashes: dict[int, str], events: list[DecodedEvent]) -> bool:
    """Adds the events' block hashes to ``hashes``; False if two reads saw different blocks at one height."""
    for event in events:
        block_hash = _hex(event.block_hash)
        if hashes.setdefault(event.block_number, block_hash) != block_hash:
            return False
    return True


def _hex(value: bytes | str) -> str:
    if isinstance(value, bytes):  # HexBytes too
        return "0x" + value.hex()
    return HexBytes(value).to_0x_hex()


def _plain(value: Any) -> Any:
    """Event argument values as plain Python (bytes for HexBytes, lists for tuples)."""
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
