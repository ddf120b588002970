"""The sentry's example config is a working config, and a wrong one says where to look."""

from __future__ import annotations

import pytest

from oracles.sentry.config import load_config
from protocol.config import ConfigError
from protocol.contracts import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "sentry.toml"


def test_example_sentry_toml__loads__keystore_key_and_ipfs_store():
    config = load_config(EXAMPLE)
    assert config.keystore_alias == "sentry1" and config.key_env is None
    assert config.storage.kind == "ipfs"
    assert config.probes_per_epoch == 4 and config.metrics_port == 9310


def test_sentry_toml__unknown_field__error_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "sentry.toml"
    bad.write_text("probes_per_epok = 5\n" + EXAMPLE.read_text())
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert "probes_per_epok" in str(err.value) and str(bad) in str(err.value)


def test_sentry_toml__missing__error_points_to_the_example(tmp_path):
    with pytest.raises(ConfigError, match="no sentry config at .*see examples/sentry.toml"):
        load_config(tmp_path / "sentry.toml")
