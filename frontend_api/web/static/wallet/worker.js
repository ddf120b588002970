// The worker page: loads the connected account's panel (drawn by the server from the chain, the index and
// the settled manifests) and sends register, stake, unbond, withdraw and the one batched claim from the
// wallet, each checked first (registered, minimum stake, balance, allowance) so nothing doomed is sent.
import { parseUnits } from "../vendor/viem.js";
import { WalletError, config, contract, emit, explain, problem, read, ready, send, tokens } from "./wallet.js";
import { $, $$, busy, notify, startCountdowns } from "./ui.js";

const panel = $("#worker-panel");
let shown = null;

async function load(account) {
  const response = await fetch(`/worker/panel/${account}`);
  if (!response.ok) throw new WalletError(await problem(response));
  panel.innerHTML = await response.text(); // drawn by our server with autoescaping; no scripts run (CSP)
  shown = account;
}

async function amount(id) {
  const input = $(`#${id}`);
  const slot = $(`[data-error-for="${id}"]`);
  slot.textContent = "";
  const text = input.value.trim();
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) === 0) {
    slot.textContent = "enter a positive amount of HIVE, e.g. 100";
    throw new WalletError("Fix the amount marked above. Nothing was sent.");
  }
  return parseUnits(text, (await config()).token.decimals);
}

const actions = {
  async register(account) {
    const bits = $$("input[name=capability]:checked", panel).reduce((sum, el) => sum | BigInt(el.value), 0n);
    if (bits === 0n) throw new WalletError("Choose at least one capability.");
    await send("WorkerRegistry", "register", [1, bits, $("#metadata-cid").value.trim()], account);
    return "Registered as a worker. Stake at least the minimum to receive work.";
  },
  async stake(account) {
    const value = await amount("stake-amount");
    const state = $("#worker-state").dataset;
    const minimum = BigInt(state.minStake);
    if (BigInt(state.staked) + value < minimum) {
      throw new WalletError(`Stake at least ${await tokens(minimum - BigInt(state.staked))}: the minimum is ${await tokens(minimum)}. Nothing was sent.`);
    }
    const balance = await read("HiveToken", "balanceOf", [account]);
    if (balance < value) throw new WalletError(`Your balance is ${await tokens(balance)}, less than ${await tokens(value)}. Nothing was sent.`);
    const registry = await contract("WorkerRegistry");
    if ((await read("HiveToken", "allowance", [account, registry.address])) < value) {
      notify("#worker-message", "warn", "Confirm the approve transaction in your wallet…");
      await send("HiveToken", "approve", [registry.address, value], account);
    }
    notify("#worker-message", "warn", "Confirm the stake transaction in your wallet…");
    await send("WorkerRegistry", "stake", [value], account);
    return `Staked ${await tokens(value)}.`;
  },
  async unbond(account) {
    const value = await amount("unbond-amount");
    const staked = BigInt($("#worker-state").dataset.staked);
    if (value > staked) throw new WalletError(`You have ${await tokens(staked)} staked; unbond at most that. Nothing was sent.`);
    await send("WorkerRegistry", "begin_unbond", [value], account);
    return `Unbonding ${await tokens(value)}; withdraw it when the countdown ends.`;
  },
  async withdraw(account) {
    await send("WorkerRegistry", "withdraw", [], account);
    return "Withdrawn to your wallet.";
  },
  async claim(account) {
    const response = await fetch(`/api/v1/workers/${account}/claims`);
    if (!response.ok) throw new WalletError(await problem(response));
    const claims = await response.json();
    if (!claims.claim_args) throw new WalletError("Nothing to claim right now.");
    const [worker, jobs, amounts, proofs] = claims.claim_args;
    await send("JobEscrow", "claim", [worker, jobs.map(BigInt), amounts.map(BigInt), proofs], account);
    return `Claimed ${await tokens(claims.total)} from ${jobs.length} job(s) in one transaction.`;
  },
};

panel.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action]");
  if (!button || button.disabled) return;
  busy(button, "Waiting for the wallet…", async () => {
    const account = await ready();
    const text = await actions[button.dataset.action](account);
    await load(account);
    emit();
    return text;
  })
    .then((text) => notify("#worker-message", "ok", text))
    .catch((err) => notify("#worker-message", "error", explain(err)));
});

document.addEventListener("wallet:changed", (event) => {
  const s = event.detail;
  if (!s.account || !s.ok || s.account === shown) return;
  load(s.account).catch((err) => notify("#worker-message", "error", explain(err)));
});

startCountdowns(panel);
