// The job page's actions: cancel, dispute (with its bond), refund, reclaim, sent from the wallet. The server
// draws which are enabled (what JobEscrow accepts at the latest block) and refreshes the panel every few
// seconds (htmx); this file counts the deadlines down and sends, after checking who may and what it costs.
// A label job also has its gold form: enabled while an oracle reports the job settling, it sends the requester's
// gold file to this server, which hands it to every oracle (frontend_api/label_gold.py; the oracles check it
// against the spec's commitment, so the wallet only proves it is the requester's, and signs nothing).
import { WalletError, contract, emit, explain, read, ready, send, tokens } from "./wallet.js";
import { $, busy, notify, startCountdowns } from "./ui.js";

const live = $("#job-live");
const jobId = BigInt(live.dataset.jobId);
const REQUESTER_ONLY = new Set(["cancel", "dispute"]);

async function act(action, button) {
  const account = await ready();
  const requester = $("#job-state").dataset.requester;
  if (REQUESTER_ONLY.has(action) && account.toLowerCase() !== requester.toLowerCase()) {
    throw new WalletError(`Only the requester (${requester}) may ${action} this job; your wallet is ${account}.`);
  }
  if (action === "cancel") {
    await send("JobEscrow", "request_cancel", [jobId], account);
    return "Cancel requested: the oracles settle the work done and refund the rest.";
  }
  if (action === "dispute") {
    const bond = BigInt(button.dataset.bond);
    const escrow = await contract("JobEscrow");
    const balance = await read("HiveToken", "balanceOf", [account]);
    if (balance < bond) {
      throw new WalletError(`The dispute bond is ${await tokens(bond)} but you hold ${await tokens(balance)}. Nothing was sent.`);
    }
    if ((await read("HiveToken", "allowance", [account, escrow.address])) < bond) {
      notify("#action-message", "warn", "Confirm the approve of the bond in your wallet…");
      await send("HiveToken", "approve", [escrow.address, bond], account);
    }
    notify("#action-message", "warn", "Confirm the dispute transaction in your wallet…");
    await send("JobEscrow", "dispute", [jobId], account);
    return `Disputed; ${await tokens(bond)} bond locked until the committee resolves it.`;
  }
  if (action === "refund") {
    await send("JobEscrow", "claim_refund", [jobId], account);
    return "Refund paid to the requester.";
  }
  if (action === "reclaim") {
    await send("JobEscrow", "reclaim", [jobId], account);
    return "Budget returned to the requester.";
  }
  throw new WalletError(`unknown action ${action}`);
}

live.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action]");
  if (!button || button.disabled) return;
  const action = button.dataset.action;
  busy(button, "Waiting for the wallet…", () => act(action, button))
    .then((text) => {
      notify("#action-message", "ok", text);
      emit();
      if (window.htmx) window.htmx.trigger(live, "refresh");
    })
    .catch((err) => notify("#action-message", "error", explain(err)));
});

function goldState() {
  const button = $("#gold-reveal");
  if (!button) return;
  const settling = $("#job-state").dataset.oracleState === "settling";
  button.disabled = !settling || button.dataset.done === "1";
  $("#gold-why").textContent = button.dataset.done === "1"
    ? "Revealed."
    : settling
      ? "Every batch has its answers: the oracles are waiting for your gold file."
      : "Waiting for the oracles to report the job settling…";
}

async function revealGold() {
  const account = await ready();
  const requester = $("#job-state").dataset.requester;
  if (account.toLowerCase() !== requester.toLowerCase()) {
    throw new WalletError(`Only the requester (${requester}) holds this job's gold file; your wallet is ${account}.`);
  }
  const file = $("#gold-file").files[0];
  if (!file) throw new WalletError("Choose the gold file first (the JSON file new_gold_file wrote). Nothing was sent.");
  const response = await fetch(`/label/jobs/${jobId}/gold`, { method: "POST", body: await file.arrayBuffer() });
  const reply = await response.json();
  if (!response.ok) throw new WalletError(reply.detail || `HTTP ${response.status}`);
  $("#gold-reveal").dataset.done = "1";
  const leader = reply.deliveries.find((d) => d.kept_as === "leader");
  return `Gold revealed to ${reply.kept} of ${reply.oracles} oracles${leader ? "; the leader judges with it" : ""} (${reply.deliveries.find((d) => d.gold_cid).gold_cid}).`;
}

if ($("#gold-reveal")) {
  $("#gold-reveal").addEventListener("click", (event) => {
    busy(event.currentTarget, "Revealing…", revealGold)
      .then((text) => notify("#gold-message", "ok", text))
      .catch((err) => notify("#gold-message", "error", explain(err)))
      .finally(goldState);
  });
  live.addEventListener("htmx:afterSwap", goldState);
  goldState();
}

startCountdowns(live);
