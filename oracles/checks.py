"""Fetching a result's files from storage and running the verification engines on them.

``output_problems`` checks that a run's output manifest names every file the
task must produce. ``evaluate_check`` turns a completed check (crops
re-rendered, a segment replayed) into evidence ``{"passed": bool, ...}``;
a check whose own output is unusable raises ``CheckUnusable`` (the checker
is not paid and the check goes to someone else — a broken check must never
slash the worker it was checking).

A *confirmation* (a check whose parameters name the failed check it
``confirms``) is evaluated with that first check's output too: the worker
against the second checker, and the first checker's references against the
second's (``oracles.verify.confirmation``); its evidence carries the
``verdict`` (``worker``, ``checker`` or ``ambiguous``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from oracles.jobcache import JobEntry
from oracles.models import Slot
from oracles.verify.confirmation import confirm_render, confirm_train
from oracles.verify.errors import BadReference
from oracles.verify.outputs import check_output_manifest
from oracles.verify.render_check import check_crops, load_image
from oracles.verify.train_check import compare_checkpoints
from protocol.errors import GPUHiveError
from protocol.jobspec import RenderSpec, TrainSpec
from protocol.jobspec.policies import RenderPolicy, TrainPolicy
from protocol.jobspec.seeds import Crop, crop_file_name
from protocol.storage import StorageError, Store
from protocol.storage.errors import ManifestError
from protocol.storage.folder_manifest import get_manifest

MAX_OUTPUT_BYTES = 512 * 1024 * 1024


class CheckUnusable(GPUHiveError):
    """The checker's output cannot be evaluated (missing, corrupt, wrong shape)."""


def output_problems(store: Store, cid: str, expected: Sequence[str]) -> list[str]:
    try:
        manifest = get_manifest(store, cid)
    except (StorageError, ManifestError, ValueError) as exc:
        return [f"output manifest {cid} unreadable: {exc}"]
    return check_output_manifest(manifest, expected)


def _file(store: Store, ref: dict[str, Any], what: str) -> bytes:
    try:
        manifest = get_manifest(store, ref["cid"])
        return store.get_bytes(manifest[ref["path"]], max_bytes=MAX_OUTPUT_BYTES)
    except KeyError:
        raise CheckUnusable(f"{what}: {ref.get('path')} is not in {ref.get('cid')}") from None
    except (StorageError, ManifestError, ValueError) as exc:
        raise CheckUnusable(f"{what}: {exc}") from None


def evaluate_check(store: Store, entry: JobEntry, check: Slot, first: Slot | None = None) -> dict[str, Any]:
    """The evidence of a completed check; ``first``: the failed check a confirmation confirms (required then)."""
    params = check.check or {}
    if params.get("confirms") is not None:
        if first is None or first.id != params["confirms"] or first.output_cid is None:
            raise CheckUnusable(f"confirmation of check {params['confirms']}: that check's output is not at hand")
        if params.get("kind") == "render":
            spec, policy = _render_job(entry)
            return _render_confirmation(store, entry, spec, policy, check, first, params)
        if params.get("kind") == "train":
            _train_job(entry)
            return _train_confirmation(store, check, first, params)
    if params.get("kind") == "render":
        spec, policy = _render_job(entry)
        return _render_evidence(store, entry, spec, policy, check, params)
    if params.get("kind") == "train":
        _train_job(entry)
        return _train_evidence(store, check, params)
    raise CheckUnusable(f"unknown check kind {params.get('kind')!r}")


def _render_job(entry: JobEntry) -> tuple[RenderSpec, RenderPolicy]:
    """The spec and policy of a render check's job. The advancer makes render checks only for these; a
    manifest a committee member audits may name one on any job (a leader's bug or forgery): unusable."""
    spec = entry.spec
    if not isinstance(spec, RenderSpec) or not isinstance(spec.verification, RenderPolicy):
        raise CheckUnusable(f"a render check on a {spec.kind} job verified by {spec.verification.method}")
    return spec, spec.verification


def _train_job(entry: JobEntry) -> None:
    """A train check's job must be a train job verified by replays (as ``_render_job``)."""
    spec = entry.spec
    if not isinstance(spec, TrainSpec) or not isinstance(spec.verification, TrainPolicy):
        raise CheckUnusable(f"a train check on a {spec.kind} job verified by {spec.verification.method}")


def _submitted_frame(store: Store, params: dict[str, Any]) -> Any:
    """The checked frame's pixels; None when its file vanished after its output check passed (the worker's
    fault: it fails)."""
    try:
        raw = _file(store, params["subject"], "submitted frame")
    except CheckUnusable:
        return None
    try:
        return load_image(raw)
    except Exception as exc:  # e.g. EXR, which this oracle cannot decode: never slash for our own limit
        raise CheckUnusable(f"cannot decode the submitted frame: {exc}") from None


def _crops(store: Store, spec: RenderSpec, output_cid: str | None, params: dict[str, Any]) -> list[Any]:
    """A checker's two renders of every crop of ``params``, as ``(Crop, a, b)``."""
    ext = spec.output_format.value.lower()
    seeds = params.get("seeds") or []
    if len(seeds) != 2:
        raise CheckUnusable("the check names no two re-render seeds")
    crops = []
    for k, box in enumerate(params["crops"]):
        renders = []
        for j in range(2):
            name = crop_file_name(k, j, ext)
            try:
                renders.append(load_image(_file(store, {"cid": output_cid, "path": name}, f"crop {name}")))
            except CheckUnusable:
                raise
            except Exception as exc:  # undecodable image bytes from the checker
                raise CheckUnusable(f"crop {name} is not a decodable image: {exc}") from None
        crops.append((Crop(*box), renders[0], renders[1]))
    return crops


def _render_evidence(
    store: Store, entry: JobEntry, spec: RenderSpec, policy: RenderPolicy, check: Slot, params: dict[str, Any]
) -> dict[str, Any]:
    task = entry.tasks[check.task_index]
    submitted = _submitted_frame(store, params)
    if submitted is None:
        return {"passed": False, "reason": "submitted frame no longer retrievable"}
    crops = _crops(store, spec, check.output_cid, params)
    try:
        verdict = check_crops(submitted, task.params["tile"], crops, policy, salt=int(params["seeds"][0]))
    except BadReference as exc:
        raise CheckUnusable(str(exc)) from None
    return {"frame": params["frame"], **verdict.evidence()}


def _render_confirmation(
    store: Store,
    entry: JobEntry,
    spec: RenderSpec,
    policy: RenderPolicy,
    check: Slot,
    first: Slot,
    params: dict[str, Any],
) -> dict[str, Any]:
    task = entry.tasks[check.task_index]
    second = _crops(store, spec, check.output_cid, params)
    submitted = _submitted_frame(store, params)
    if submitted is None:
        return {"passed": False, "verdict": "worker", "reason": "submitted frame no longer retrievable"}
    try:
        earlier = _crops(store, spec, first.output_cid, first.check or {})
    except CheckUnusable as exc:  # judged once already: its output must still be there
        raise CheckUnusable(f"the confirmed check's crops: {exc}") from None
    try:
        confirmation = confirm_render(
            submitted, task.params["tile"], earlier, second, policy, salt=int(params["seeds"][0])
        )
    except BadReference as exc:
        raise CheckUnusable(str(exc)) from None
    return {"frame": params["frame"], "method": "render", "confirms": first.id, **confirmation.evidence()}


def _train_evidence(store: Store, check: Slot, params: dict[str, Any]) -> dict[str, Any]:
    segments = []
    passed = True
    for seg in params["segments"]:
        ref = {"cid": check.output_cid, "path": f"replay_{seg['step_to']:010d}.safetensors"}
        replayed = _file(store, ref, "replayed checkpoint")
        try:
            submitted = _file(store, seg["submitted"], "submitted checkpoint")
        except CheckUnusable:
            return {"passed": False, "reason": "submitted checkpoint no longer retrievable"}
        try:
            verdict = compare_checkpoints(
                submitted,
                replayed,
                params["tolerance"],
                noise_floor=params.get("noise_floor", 0.0),
                outlier_tolerance=params.get("outlier_tolerance", float("inf")),
            )
        except BadReference as exc:
            raise CheckUnusable(str(exc)) from None
        segments.append({"step_from": seg["step_from"], "step_to": seg["step_to"], **verdict.evidence()})
        passed = passed and verdict.passed
    return {"passed": passed, "segments": segments}


def _replay_name(seg: dict[str, Any]) -> str:
    return f"replay_{seg['step_to']:010d}.safetensors"


def _train_confirmation(store: Store, check: Slot, first: Slot, params: dict[str, Any]) -> dict[str, Any]:
    triples = []
    for seg in params["segments"]:
        second = _file(store, {"cid": check.output_cid, "path": _replay_name(seg)}, "second replayed checkpoint")
        try:
            submitted = _file(store, seg["submitted"], "submitted checkpoint")
        except CheckUnusable:
            return {"passed": False, "verdict": "worker", "reason": "submitted checkpoint no longer retrievable"}
        try:
            earlier = _file(store, {"cid": first.output_cid, "path": _replay_name(seg)}, "first replayed checkpoint")
        except CheckUnusable:
            earlier = b""  # unreadable: the first checker's replay fails against the second's
        triples.append((submitted, earlier, second))
    try:
        confirmation = confirm_train(
            triples,
            params["tolerance"],
            noise_floor=params.get("noise_floor", 0.0),
            outlier_tolerance=params.get("outlier_tolerance", float("inf")),
        )
    except BadReference as exc:
        raise CheckUnusable(str(exc)) from None
    return {"method": "train", "confirms": first.id, **confirmation.evidence()}
