"""The labeling page on a label job that really runs: three oracles (k = 2) on anvil in this process, a labeler
registered in WorkerRegistry's labeler role (an anvil dev account, so the test wallet signs its typed data).
In Chromium: on a phone the labeler logs in with a signed Login, takes a batch, taps a class for each colour
swatch and signs the batch's TaskResult; on a PC it labels the next batch with the keyboard (1-3, ← to fix
one answer, Enter to sign). Each time the leader records the slot as done, with the labeler's signature and an
answers file holding exactly the classes chosen; and the page hands the same signed result to the two other
oracles, which keep it for a takeover (their real copy route, through this server's forward route)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from oracles.labeling.desk import DeskError
from oracles.labeling.models import LabelCarried
from oracles.models import Slot, SlotState
from protocol.contracts import Capability, JobStatus, Role
from protocol.jobspec import canonical_bytes
from protocol.jobspec.canonical import parse_spec
from protocol.jobspec.label import canonical_text, gold_commitment, gold_file_bytes, items_manifest_bytes
from protocol.leases import Lease
from tests.support.oracle_api import leader_index, wait_for
from tests.support.oracle_network import SimWorker, build_network, job_manifest
from tests.support.test_wallet import TestWallet, wallet_app
from worker_node.oracle_client import OracleClient

COLOURS = {"red": (220, 40, 40), "green": (40, 170, 60), "blue": (40, 80, 220)}
ITEMS = 12
BATCH = 4


@pytest.fixture
def _function_isolation():
    """No chain revert after each test: the module-scoped oracles must not see the chain go back."""
    yield


def _swatch(colour: str, i: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24 + i, 16), COLOURS[colour]).save(out, format="PNG")  # (sizes differ: distinct CIDs)
    return out.getvalue()


@pytest.fixture(scope="module")
def net(accounts, anvil_uri, tmp_path_factory):
    from ape import chain

    snapshot = chain.snapshot()
    network = build_network(accounts, anvil_uri, tmp_path_factory.mktemp("net"))
    labeler = accounts[9]
    stake = network.manifest.params["min_labeler_stake"]
    token, registry = network.contracts["HiveToken"], network.contracts["WorkerRegistry"]
    token.transfer(labeler, stake, sender=accounts[0])
    token.approve(registry, stake, sender=labeler)
    registry.register(Role.LABELER, 0, "", sender=labeler)
    registry.stake(stake, sender=labeler)
    yield network
    network.close()
    chain.restore(snapshot)


@pytest.fixture(scope="module")
def job(net):
    colours = [list(COLOURS)[i % 3] for i in range(ITEMS)]
    cids = [net.store.put_bytes(_swatch(c, i)) for i, c in enumerate(colours)]
    manifest = items_manifest_bytes("image", cids)
    gold = gold_file_bytes(b"\x07" * 32, {i: colours[i] for i in range(0, ITEMS, BATCH)})
    spec = parse_spec(
        {
            "kind": "label",
            "name": "colour swatches",
            "dataset": {"cid": net.store.put_bytes(manifest), "items": ITEMS, "media": "image"},
            "labels": {"type": "classes", "classes": list(COLOURS)},
            "gold": {"items": ITEMS // BATCH, "commitment": gold_commitment(gold)},
            "batch_size": BATCH,
            "replication": 2,
            "reward_per_task": str(10**17),
            "budget": str(10**17 * 6),
            "deadline": 4_000_000_000,
        }
    )
    job_id = net.create_job(canonical_bytes(spec).decode())
    leader = net.oracle(leader_index(net, job_id))
    wait_for(lambda: (leader.job_status(job_id) or None) is not None and leader.job_status(job_id).state == "running")
    return job_id, colours


@pytest.fixture(scope="module")
def dapp(net, job, anvil_uri, tmp_path_factory):
    oracles = [f"http://127.0.0.1:{c.api_port}" for c in net.configs]
    yield from wallet_app(net.manifest, anvil_uri, net.store, oracles, tmp_path_factory.mktemp("dapp-label"))


@pytest.fixture(scope="module")
def copies(net):
    """What each oracle's copy route answered the page: (oracle, job, task, labeler, "kept"/"held" or status)."""
    seen: list[tuple[int, int, int, str, object]] = []
    carries = [net.oracle(i).app.state.label_carry for i in range(len(net.configs))]
    for i, carry in enumerate(carries):

        def recording(job_id, worker, answer, _i=i, _copy=carry.copy):
            outcome: object = "raised"
            try:
                outcome = _copy(job_id, worker, answer)
                return outcome
            except DeskError as exc:
                outcome = exc.status
                raise
            finally:
                seen.append((_i, job_id, answer.task_index, worker, outcome))

        carry.copy = recording
    yield seen
    for carry in carries:
        del carry.copy


def _copied(net, copies, job_id: int, task_index: int, labeler: str) -> None:
    """Both followers kept the labeler's signed result (the page sends none to the leader): the same answers file
    as the leader recorded."""
    leader = leader_index(net, job_id)
    followers = {i for i in range(len(net.configs))} - {leader}

    def kept() -> set[int]:
        return {c[0] for c in copies if c[1:4] == (job_id, task_index, labeler) and c[4] in ("kept", "held")}

    wait_for(lambda: kept() == followers, what="both followers keep the copy")
    assert not [c for c in copies if c[0] == leader]
    with net.oracle(leader).sessions() as s:
        slot = s.execute(
            select(Slot).where(Slot.job_id == job_id, Slot.task_index == task_index, Slot.worker == labeler)
        ).scalar_one()
    for i in followers:
        with net.oracle(i).sessions() as s:
            row = s.get(LabelCarried, (job_id, task_index, slot.replica))
            assert (row.worker, row.output_cid, row.signature) == (labeler, slot.output_cid, slot.signature.lower())


def _recorded(net, job_id: int, task_index: int, labeler: str) -> list[str]:
    leader = net.oracle(leader_index(net, job_id))
    with leader.sessions() as s:
        slot = s.execute(
            select(Slot).where(Slot.job_id == job_id, Slot.task_index == task_index, Slot.worker == labeler)
        ).scalar_one()
        assert slot.state == SlotState.DONE and slot.signature
        return json.loads(net.store.get_bytes(slot.output_cid))["labels"]


def _batch_shown(page) -> int:
    expect(page.locator("#label-work")).to_be_visible(timeout=15_000)
    return int(page.locator("#label-batch").inner_text().rsplit(" ", 1)[1])


def _take_batch(page, dapp, labeler: str) -> int:
    """Open the labeling page with ``labeler``'s wallet, connect, take a batch; the batch's task index."""
    TestWallet(dapp.backend.rpc_url, labeler).install(page)
    page.goto(f"{dapp.url}/label")
    page.click("#wallet-connect")
    page.click("#label-take")
    return _batch_shown(page)


def test_label_page__phone__taps_a_batch_and_signs_it__the_followers_keep_a_copy(
    dapp, net, job, accounts, phone_page, screenshot, copies
):
    job_id, colours = job
    page, labeler = phone_page, accounts[9].address
    task = _take_batch(page, dapp, labeler)
    expect(page.locator("#label-item img")).to_be_visible()
    screenshot(page, "label_phone")
    chosen = []
    for offset in range(BATCH):
        expect(page.locator("#label-progress")).to_have_text(f"Item {offset + 1} of {BATCH}")
        colour = colours[task * BATCH + offset]
        page.click(f"#label-classes [data-answer={colour}]")
        chosen.append(colour)
    expect(page.locator("#label-progress")).to_have_text(f"All {BATCH} labeled")
    page.click("#label-submit")
    expect(page.locator("#label-message .notice.ok")).to_contain_text(f"Batch {task} of job {job_id} submitted")
    screenshot(page, "label_phone_submitted")
    assert _recorded(net, job_id, task, labeler) == chosen
    _copied(net, copies, job_id, task, labeler)
    expect(page.locator("#label-copy-note")).to_have_count(0)  # no copy failed: nothing new on the page


def test_label_page__desktop__keyboard_shortcuts_fix_an_answer_and_sign(
    dapp, net, job, accounts, desktop_page, screenshot
):
    job_id, colours = job
    page, labeler = desktop_page, accounts[9].address
    task = _take_batch(page, dapp, labeler)
    keys = {name: str(k + 1) for k, name in enumerate(COLOURS)}
    truth = [colours[task * BATCH + offset] for offset in range(BATCH)]
    wrong = next(c for c in COLOURS if c != truth[0])
    page.keyboard.press(keys[wrong])  # a slip on the first item…
    expect(page.locator("#label-progress")).to_have_text(f"Item 2 of {BATCH}")
    page.keyboard.press("ArrowLeft")  # …fixed
    expect(page.locator(f"#label-classes [data-answer={wrong}]")).to_have_class("btn secondary chosen")
    for colour in truth:
        page.keyboard.press(keys[colour])
    screenshot(page, "label_desktop")
    page.keyboard.press("Enter")
    expect(page.locator("#label-message .notice.ok")).to_contain_text(f"Batch {task} of job {job_id} submitted")
    assert _recorded(net, job_id, task, labeler) == truth


def test_label_page__new_account__registers_as_labeler_stakes_and_takes_a_batch(
    dapp, net, job, accounts, phone_page, screenshot
):
    page, newcomer = phone_page, accounts[7]
    registry, minimum = net.contracts["WorkerRegistry"], net.manifest.params["min_labeler_stake"]
    net.contracts["HiveToken"].transfer(newcomer, minimum, sender=accounts[0])
    TestWallet(dapp.backend.rpc_url, newcomer.address).install(page)
    page.goto(f"{dapp.url}/label")
    page.click("#wallet-connect")
    page.click("#label-take")
    expect(page.locator("#label-join-why")).to_contain_text("Labelers register in the registry and stake 5")
    screenshot(page, "label_join_phone")
    page.click("#label-join-go")
    expect(page.locator("#label-message .notice.ok")).to_contain_text("You are a labeler with 5")
    node = registry.nodes(newcomer.address)
    assert (node.role, node.capabilities, node.staked) == (Role.LABELER, Capability.LABEL, minimum)
    assert registry.is_eligible(newcomer.address, Role.LABELER)
    page.click("#label-take")
    _batch_shown(page)
    expect(page.locator("#label-join")).to_be_hidden()


# ---------------------------------------------------------------- free text (transcription)

SAYINGS = ["Café au lait", "the quick brown fox", "two  words", "Grüße aus Köln", "a b c", "last one"]


@pytest.fixture(scope="module")
def text_job(net):
    cids = [net.store.put_bytes(f"{text}\n".encode()) for text in SAYINGS]
    gold = gold_file_bytes(b"\x08" * 32, {i: canonical_text(SAYINGS[i]) for i in (0, 3)})
    spec = parse_spec(
        {
            "kind": "label",
            "name": "sayings",
            "dataset": {"cid": net.store.put_bytes(items_manifest_bytes("text", cids)), "items": 6, "media": "text"},
            "labels": {"type": "text", "max_chars": 80},
            "gold": {"items": 2, "commitment": gold_commitment(gold)},
            "batch_size": 3,
            "replication": 2,
            "reward_per_task": str(10**17),
            "budget": str(10**17 * 4),
            "deadline": 4_000_000_000,
        }
    )
    job_id = net.create_job(canonical_bytes(spec).decode())
    leader = net.oracle(leader_index(net, job_id))
    wait_for(lambda: (leader.job_status(job_id) or None) is not None and leader.job_status(job_id).state == "running")
    return job_id, gold


def test_label_page__phone__types_a_transcription_enter_moves_on_and_signs(
    dapp, net, job, text_job, accounts, phone_page, screenshot
):
    """Batches go oldest job first, so the labeler labels what is left of the colour job (by tapping) until it
    is handed a batch of the transcription job; there it types each item's text into the box and presses
    Enter, which moves on and, on the last item, signs. The oracle records the typed text made canonical
    (NFC, one space between words); a pause longer than the lease loses nothing (the page heartbeats it). The
    job's page then shows the requester's gold form, disabled while
    batches are open."""
    job_id, colours = job
    text_job, _ = text_job
    page, labeler = phone_page, accounts[9].address
    TestWallet(dapp.backend.rpc_url, labeler).install(page)
    page.goto(f"{dapp.url}/label")
    page.click("#wallet-connect")
    for _ in range(4):
        page.click("#label-take")
        task = _batch_shown(page)
        if page.locator("#label-text").is_visible():
            break
        for offset in range(BATCH):  # a colour batch still open: tap it through and sign
            page.click(f"#label-classes [data-answer={colours[task * BATCH + offset]}]")
        page.click("#label-submit")
        expect(page.locator("#label-message .notice.ok")).to_contain_text(f"of job {job_id} submitted")
    expect(page.locator("#label-text-box")).to_be_visible()
    assert page.locator("#label-batch").inner_text().startswith(f"job {text_job} ")
    typed = []
    for offset in range(3):
        expect(page.locator("#label-progress")).to_have_text(f"Item {offset + 1} of 3")
        heard = SAYINGS[task * 3 + offset]
        expect(page.locator("#label-item pre")).to_have_text(heard)
        text = heard.replace("é", "e\u0301") + "  "  # decomposed accent, trailing spaces: made canonical
        page.locator("#label-text-box").fill(text)
        typed.append(canonical_text(text))
        if offset == 2:
            screenshot(page, "label_text_phone")
            page.wait_for_timeout(6_000)  # longer than the 5 s lease: the page's heartbeat keeps the batch
        page.locator("#label-text-box").press("Enter")
    expect(page.locator("#label-message .notice.ok")).to_contain_text(f"Batch {task} of job {text_job} submitted")
    screenshot(page, "label_text_phone_submitted")
    assert _recorded(net, text_job, task, labeler) == typed
    assert typed[0] in ("Café au lait", "the quick brown fox", "Grüße aus Köln")
    # the requester's job page shows the gold form of a label job, held back while batches are still open
    page.goto(f"{dapp.url}/jobs/{text_job}")
    expect(page.locator("#job-gold")).to_contain_text("hides 2 gold items")
    expect(page.locator("#gold-reveal")).to_be_disabled()
    expect(page.locator("#gold-why")).to_contain_text("Waiting for the oracles to report the job settling")
    screenshot(page, "job_gold_waiting_phone")


@dataclass
class _HelperLabeler(SimWorker):
    """A labeler at its own page, by HTTP: answers whatever batch it gets (the first class, or a few words)."""

    key: bytes = b""

    def run(self, client: OracleClient, lease: Lease) -> None:
        batch = client._check(client.http.get(f"/v1/label/leases/{lease.lease_id}")).json()
        labels = [batch["classes"][0] if batch["schema"] == "classes" else "some words" for _ in batch["items"]]
        body = {"lease_id": lease.lease_id, "labels": labels}
        prepared = client._check(client.http.post("/v1/label/answers", json=body)).json()
        signed = Account.sign_message(encode_typed_data(full_message=prepared["typed_data"]), self.key)
        result = {
            "lease_id": lease.lease_id,
            "digest": prepared["digest"],
            "output_cid": prepared["output_cid"],
            "signature": "0x" + bytes(signed.signature).hex(),
        }
        client._check(client.http.post("/v1/work", json={"results": [result], "want": 0}))
        self.done.append((lease.job_id, lease.task_index, lease.replica, lease.role))


def _helper(net, name: str) -> _HelperLabeler:
    from web3 import Web3

    from protocol.chain import ChainClient

    key = keccak(name.encode())
    address = Account.from_key(key).address
    stake = net.manifest.params["min_labeler_stake"]
    net.accounts[0].transfer(address, 10**18)
    net.contracts["HiveToken"].transfer(address, stake, sender=net.accounts[0])
    client = ChainClient(Web3(Web3.HTTPProvider(net.anvil_uri)), net.manifest, Account.from_key(key))
    client.transact(client.token.functions.approve(client.registry.address, stake))
    client.transact(client.registry.functions.register(Role.LABELER, 0, ""))
    client.transact(client.registry.functions.stake(stake))
    clients = [OracleClient(f"http://127.0.0.1:{c.api_port}", key, timeout=10.0) for c in net.configs]
    helper = _HelperLabeler(clients, net.store, key=key)
    net.workers.append(helper)  # stopped by net.close()
    return helper


def test_job_page__label_job_settling__requester_reveals_the_gold_file_and_it_settles(
    dapp, net, text_job, desktop_page, screenshot
):
    """Two more labelers finish the transcription job; once its leader reports settling, the requester opens
    the job page with its wallet, chooses the gold file and reveals it: every oracle keeps it, the leader
    judges with it and the job settles with the gold named in its manifest."""
    job_id, gold = text_job
    helpers = [_helper(net, f"gold helper {i}").start() for i in range(2)]
    leader = net.oracle(leader_index(net, job_id))
    wait_for(lambda: leader.job_status(job_id).state == "settling", timeout=120)
    for helper in helpers:
        helper.stop()
    page = desktop_page
    TestWallet(dapp.backend.rpc_url, net.requester.address).install(page)
    page.goto(f"{dapp.url}/jobs/{job_id}")
    page.click("#wallet-connect")
    expect(page.locator("#gold-reveal")).to_be_enabled(timeout=15_000)  # the panel's refresh saw "settling"
    expect(page.locator("#gold-why")).to_contain_text("waiting for your gold file")
    page.set_input_files("#gold-file", files=[{"name": "gold.json", "mimeType": "application/json", "buffer": gold}])
    page.click("#gold-reveal")
    expect(page.locator("#gold-message .notice.ok")).to_contain_text("Gold revealed to 3 of 3 oracles; the leader")
    screenshot(page, "job_gold_revealed_desktop")
    cids = {net.oracle(i).app.state.labeling.gold_cid(job_id) for i in range(len(net.configs))}
    assert len(cids) == 1 and None not in cids
    net.wait_status(job_id, JobStatus.SETTLED, timeout=90)
    manifest, _ = job_manifest(net, job_id)
    assert manifest.labels is not None and manifest.labels.gold_cid in cids
