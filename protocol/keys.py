"""Loading a signing key without it ever touching the command line or a log.

From Ape's account keystore (``ape accounts import <alias>``; the passphrase
from an environment variable) or, for containers and tests, from an
environment variable holding the hex key.
"""

from __future__ import annotations

import os

from protocol.errors import GPUHiveError


class KeyError_(GPUHiveError, ValueError):
    """No usable key; the message says how to provide one."""


def load_key(
    *,
    keystore_alias: str | None = None,
    passphrase_env: str = "GPUHIVE_KEYSTORE_PASSPHRASE",
    key_env: str | None = None,
) -> bytes:
    if keystore_alias and key_env:
        raise KeyError_("give a keystore alias or a key environment variable, not both")
    if key_env:
        value = os.environ.get(key_env)
        if not value:
            raise KeyError_(f"environment variable {key_env} is not set")
        return bytes.fromhex(value.removeprefix("0x"))
    if keystore_alias:
        passphrase = os.environ.get(passphrase_env)
        if passphrase is None:
            raise KeyError_(f"set {passphrase_env} to unlock keystore account {keystore_alias!r}")
        from ape import accounts
        from eth_account import Account

        try:
            account = accounts.load(keystore_alias)
        except Exception as exc:  # ape raises its own AccountsError for an unknown alias
            raise KeyError_(
                f"no Ape account {keystore_alias!r}: import one with `ape accounts import {keystore_alias}` ({exc})"
            ) from None
        try:
            return bytes(Account.decrypt(account.keyfile, passphrase))
        except ValueError:
            raise KeyError_(f"wrong passphrase for Ape account {keystore_alias!r} (from {passphrase_env})") from None
    raise KeyError_("no key: give an Ape keystore alias or an environment variable that holds the key")
