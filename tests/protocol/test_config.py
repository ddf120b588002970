"""The config shell every role shares: one error style, naming the file and what to change."""

from __future__ import annotations

import pytest

from protocol.config import ConfigError, ConfigSection, StorageConfig, load_toml_config, toml_text
from protocol.errors import GPUHiveError


class _Sample(ConfigSection):
    name: str = "x"
    storage: StorageConfig = StorageConfig()


def test_load__missing_file__config_error_names_file_and_hint(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match=r"no sample config at .*nope\.toml; see the README"):
        load_toml_config(path, _Sample, what="sample config", hint="see the README")


def test_load__bad_toml__config_error_names_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("name = \n")
    with pytest.raises(ConfigError, match=r"bad\.toml is not valid TOML"):
        load_toml_config(path, _Sample, what="sample config", hint="")


def test_load__unknown_key__config_error_names_file_and_key(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text('nmae = "y"\n')
    with pytest.raises(ConfigError, match=r"(?s)typo\.toml: .*nmae.*Extra inputs are not permitted"):
        load_toml_config(path, _Sample, what="sample config", hint="")


def test_load__toml_text_of_a_config__reads_back_equal(tmp_path):
    config = _Sample(name='q"uote', storage=StorageConfig(kind="ipfs", api_url="http://127.0.0.1:5001"))
    path = tmp_path / "round.toml"
    path.write_text(toml_text(config.model_dump(mode="json")))
    assert load_toml_config(path, _Sample, what="sample config", hint="") == config


@pytest.mark.parametrize("role", ["oracles.config", "worker_node.config"])
def test_role_loaders__missing_file__same_error_type_for_every_role(tmp_path, role):
    import importlib

    module = importlib.import_module(role)
    with pytest.raises(ConfigError) as info:
        module.load_config(tmp_path / "absent.toml")
    assert isinstance(info.value, GPUHiveError) and isinstance(info.value, ValueError)
    assert "absent.toml" in str(info.value)
