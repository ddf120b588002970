"""The read API's routers, one per area."""
