"""The explorer's chain indexer: JobEscrow, WorkerRegistry and OracleCommittee events followed into SQL
(SQLite by default, PostgreSQL by URL), with the chain follower's confirmations and reorg rewind."""

from frontend_api.indexer.indexer import (
    DEFAULT_DATABASE,
    Indexer,
    IndexerThread,
    default_database_url,
    event_count,
    open_index,
)

__all__ = ["DEFAULT_DATABASE", "Indexer", "IndexerThread", "default_database_url", "event_count", "open_index"]
