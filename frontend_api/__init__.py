"""The requester's side: submitting, following, fetching, disputing and refunding jobs (``gpuhive job ...``).

Imports only ``protocol``; see docs/ARCHITECTURE.md.
"""
