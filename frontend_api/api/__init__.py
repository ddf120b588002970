"""The explorer's JSON read API under ``/api/v1`` (FastAPI), read from the indexer's database only."""

from frontend_api.api.app import API_PREFIX, build_read_api

__all__ = ["API_PREFIX", "build_read_api"]
