"""worker_node/agent.py's removal of a settled lease's output folder: files and symlinks go (a symlink's
target stays), a folder with subfolders goes through ``shutil.rmtree``, a missing one is no error."""

from __future__ import annotations

from worker_node.agent import _remove_lease_dir


def test_remove_lease_dir__files_and_a_symlink__all_removed_target_kept(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not the lease's")
    lease = tmp_path / "leases" / "abc"
    lease.mkdir(parents=True)
    (lease / "out.bin").write_bytes(b"x")
    (lease / "link").symlink_to(outside)
    _remove_lease_dir(lease)
    assert not lease.exists()
    assert outside.read_text() == "not the lease's"


def test_remove_lease_dir__subfolders_and_missing__removed_and_no_error(tmp_path):
    lease = tmp_path / "abc"
    (lease / "sub" / "deeper").mkdir(parents=True)
    (lease / "sub" / "deeper" / "f").write_bytes(b"x")
    (lease / "g").write_bytes(b"y")
    _remove_lease_dir(lease)
    assert not lease.exists()
    _remove_lease_dir(lease)  # already gone
