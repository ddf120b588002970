// The new job page: upload the input with a progress bar, fill a spec per kind, have the server check it
// as `gpuhive job validate` does (errors shown next to each field), then one EIP-2612 permit signature and
// create_job_with_permit (or approve + create_job for a token without permit). Nothing is sent after a
// failure: every step checks before the next one asks the wallet anything.
import { decodeEventLog, parseSignature, parseUnits } from "../vendor/viem.js";
import { WalletError, chainTime, config, contract, explain, problem, read, ready, send, signPermit, tokens } from "./wallet.js";
import { $, $$, busy, clear, notify } from "./ui.js";

const PERMIT_SECONDS = 3600;
const ZERO32 = `0x${"0".repeat(64)}`;
const MODEL_FIELDS = {
  mlp: ["architecture.input_dim", "architecture.hidden", "architecture.output_dim"],
  cnn_small: ["architecture.num_classes"],
  resnet18_cifar: ["architecture.num_classes"],
};
const form = $("#new-job");

const kind = () => $("input[name=kind]:checked", form).value;

function showKind() {
  for (const el of $$("[data-kind]", form)) el.hidden = el.dataset.kind !== kind();
  for (const el of $$("[data-kind-text]", form)) el.hidden = el.dataset.kindText !== kind();
  const model = $('[data-path="architecture.name"]', form).value;
  for (const [name, paths] of Object.entries(MODEL_FIELDS)) {
    for (const path of paths) $(`[data-path="${path}"]`, form).closest(".field").hidden = !MODEL_FIELDS[model].includes(path);
  }
}

// The inputs that belong to the spec now: common ones and the chosen kind's, not hidden.
function activeInputs() {
  return $$("[data-path]", form).filter((el) => !el.closest("[hidden]"));
}

function setPath(doc, path, value) {
  const keys = path.split(".");
  let node = doc;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)] = value;
}

class FieldProblem extends Error {
  constructor(path, message) {
    super(message);
    this.path = path;
  }
}

// The spec document the form describes. Values are converted only where the form's unit differs from the
// spec's (HIVE → base units, local time → ISO 8601 UTC); everything else goes as typed and the server judges.
async function specDocument() {
  const decimals = (await config()).token.decimals;
  const doc = { kind: kind(), verification: { method: kind() } };
  for (const el of activeInputs()) {
    const text = el.value.trim();
    if (text === "") continue; // missing: the server names required fields
    const type = el.dataset.type;
    let value = text;
    if (type === "int") value = /^\d+$/.test(text) ? Number(text) : text;
    else if (type === "float") value = Number.isFinite(Number(text)) ? Number(text) : text;
    else if (type === "intlist") value = text.split(",").map((t) => (/^\s*\d+\s*$/.test(t) ? Number(t) : t.trim()));
    else if (type === "tokens") {
      if (!/^\d+(\.\d+)?$/.test(text)) throw new FieldProblem(el.dataset.path, "enter an amount of HIVE, e.g. 0.5");
      value = parseUnits(text, decimals).toString();
    } else if (type === "datetime") {
      const when = new Date(text);
      if (Number.isNaN(when.getTime())) throw new FieldProblem(el.dataset.path, "pick a date and time");
      value = when.toISOString().replace(/\.\d{3}Z$/, "Z");
    }
    setPath(doc, el.dataset.path, value);
  }
  return doc;
}

function clearErrors() {
  for (const el of $$(".field-error", form)) el.textContent = "";
  for (const el of $$("[aria-invalid]", form)) el.removeAttribute("aria-invalid");
  const box = $("#spec-errors");
  box.hidden = true;
  box.replaceChildren();
}

// Each error next to its field; those with no field on the form (the spec as a whole) in the box above.
function showErrors(errors) {
  clearErrors();
  const rest = [];
  for (const { field, message } of errors) {
    const path = field.replace(/\[\d+\]$/, "");
    const slot = activeInputs().some((el) => el.dataset.path === path) && $(`[data-error-for="${path}"]`, form);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
      $(`[data-path="${path}"]`, form).setAttribute("aria-invalid", "true");
    } else {
      rest.push(field ? `${field}: ${message}` : message);
    }
  }
  if (rest.length) {
    const box = $("#spec-errors");
    box.hidden = false;
    for (const line of rest) {
      const p = document.createElement("p");
      p.textContent = line;
      box.append(p);
    }
  }
  const first = $("[aria-invalid]", form);
  if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
}

// POST the spec to `url`: the summary, or null after showing the field errors.
async function postSpec(url) {
  let doc;
  try {
    doc = await specDocument();
  } catch (err) {
    if (err instanceof FieldProblem) {
      showErrors([{ field: err.path, message: err.message }]);
      return null;
    }
    throw err;
  }
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(doc) });
  if (response.status === 422) {
    showErrors((await response.json()).errors);
    return null;
  }
  if (!response.ok) throw new WalletError(await problem(response));
  clearErrors();
  return response.json();
}

async function showBudget(summary) {
  const box = $("#budget-summary");
  const spare = BigInt(summary.budget) - BigInt(summary.budget_needed);
  const lines = [
    `${summary.num_tasks} tasks × ${summary.replication} replica(s) + ${summary.spot_checks} spot checks, ` +
      `${await tokens(summary.reward_per_task)} each: the budget needs ${await tokens(summary.budget_needed)}.`,
    `Your budget ${await tokens(summary.budget)}: up to ${await tokens(spare)} comes back as a refund.`,
    `Checking: ${summary.verification}`,
  ];
  box.replaceChildren(...lines.map((line) => Object.assign(document.createElement("p"), { textContent: line })));
  box.dataset.needed = summary.budget_needed;
}

// The estimate card (wall time, cost, eligible workers) for the checked spec, drawn by the server.
async function showEstimate() {
  const body = JSON.stringify(await specDocument());
  const response = await fetch("/new/estimate", { method: "POST", headers: { "content-type": "application/json" }, body });
  if (response.ok) $("#estimate").outerHTML = await response.text();
}

async function check() {
  clear("#create-message");
  const summary = await postSpec("/api/v1/specs/validate");
  if (summary) {
    await showBudget(summary);
    await showEstimate();
  }
  return summary;
}

// ------------------------------------------------------------------ create

async function create() {
  clear("#create-message");
  const account = await ready(); // connected, on the right chain
  const cfg = await config();
  const summary = await postSpec("/api/v1/specs"); // checked and stored; spec_cid for create_job
  if (!summary) {
    notify("#create-message", "error", "Fix the fields marked above. Nothing was signed or sent.");
    return;
  }
  await showBudget(summary);
  const budget = BigInt(summary.budget);
  const escrow = await contract("JobEscrow");
  const balance = await read("HiveToken", "balanceOf", [account]);
  if (balance < budget) {
    throw new WalletError(`Your balance is ${await tokens(balance)} but the budget is ${await tokens(budget)}. Nothing was sent.`);
  }
  const allowance = await read("HiveToken", "allowance", [account, escrow.address]);
  const args = [summary.spec_cid, summary.spec_hash, summary.num_tasks, budget, BigInt(summary.deadline)];
  let receipt;
  if (cfg.token.permit) {
    let permit = [0n, 0, ZERO32, ZERO32]; // allowance already there: the escrow skips the permit
    if (allowance < budget) {
      notify("#create-message", "warn", "Sign the permit in your wallet (no transaction yet)…");
      const deadline = BigInt((await chainTime()) + PERMIT_SECONDS);
      const signature = await signPermit(account, escrow.address, budget, deadline);
      const { r, s, v, yParity } = parseSignature(signature);
      permit = [deadline, Number(v ?? 27n + BigInt(yParity)), r, s];
    }
    notify("#create-message", "warn", "Confirm the create_job_with_permit transaction in your wallet…");
    receipt = await send("JobEscrow", "create_job_with_permit", [...args, ...permit], account);
  } else {
    if (allowance < budget) {
      notify("#create-message", "warn", "This token has no permit: confirm the approve transaction first…");
      await send("HiveToken", "approve", [escrow.address, budget], account);
    }
    notify("#create-message", "warn", "Confirm the create_job transaction in your wallet…");
    receipt = await send("JobEscrow", "create_job", args, account);
  }
  const jobId = jobCreated(receipt, escrow);
  notify("#create-message", "ok", `Job ${jobId} created; ${await tokens(budget)} locked in escrow.`, {
    href: `/jobs/${jobId}`,
    text: `Follow job ${jobId} →`,
  });
}

function jobCreated(receipt, escrow) {
  for (const entry of receipt.logs) {
    if (entry.address.toLowerCase() !== escrow.address.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: escrow.abi, data: entry.data, topics: entry.topics });
      if (event.eventName === "JobCreated") return event.args.job_id.toString();
    } catch {
      /* another event */
    }
  }
  throw new WalletError(`The transaction ${receipt.transactionHash} created no job.`);
}

// ------------------------------------------------------------------ upload

async function upload() {
  clear("#upload-message");
  const file = $("#upload-file").files[0];
  if (!file) {
    notify("#upload-message", "error", "Choose a file first.");
    return;
  }
  const limit = (await config()).max_upload_bytes;
  if (file.size > limit) {
    notify("#upload-message", "error", `${file.name} is ${file.size.toLocaleString()} bytes; this server takes at most ${limit.toLocaleString()}.`);
    return;
  }
  const bar = $("#upload-progress");
  const status = $("#upload-status");
  bar.hidden = false;
  bar.value = 0;
  const result = await new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let sent = 0;
    xhr.open("POST", `/api/v1/uploads?name=${encodeURIComponent(file.name.slice(0, 200))}`);
    xhr.upload.addEventListener("progress", (event) => {
      if (!event.lengthComputable) return;
      sent = Math.floor((100 * event.loaded) / event.total);
      bar.value = sent;
      status.textContent = `${sent} %`;
    });
    xhr.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 200 && body && body.cid) resolve({ ok: true, body });
      else resolve({ ok: false, text: (body && body.detail) || `the server answered ${xhr.status}` });
    });
    const broken = () => resolve({ ok: false, text: `the connection broke after ${sent} %` });
    xhr.addEventListener("error", broken);
    xhr.addEventListener("abort", broken);
    xhr.send(file);
  });
  if (!result.ok) {
    status.textContent = "";
    notify("#upload-message", "error", `Upload failed: ${result.text}. Nothing was stored and no job was created; try again.`);
    return;
  }
  bar.value = 100;
  status.textContent = "stored";
  const target = kind() === "render" ? "scene_cid" : "dataset.cid";
  $(`[data-path="${target}"]`, form).value = result.body.cid;
  notify("#upload-message", "ok", `${file.name} stored as ${result.body.cid} (${result.body.size.toLocaleString()} bytes).`);
}

// ------------------------------------------------------------------ wiring

function guarded(button, busyText, work) {
  button.addEventListener("click", () =>
    busy(button, busyText, work).catch((err) => notify("#create-message", "error", explain(err))),
  );
}

function defaultDeadline() {
  const input = $('[data-path="deadline"]', form);
  if (input.value) return;
  const when = new Date(Date.now() + 24 * 3600 * 1000);
  when.setSeconds(0, 0);
  const local = new Date(when.getTime() - when.getTimezoneOffset() * 60000);
  input.value = local.toISOString().slice(0, 16);
}

form.addEventListener("change", (event) => {
  if (event.target.name === "kind" || event.target.dataset.path === "architecture.name") showKind();
});
form.addEventListener("submit", (event) => event.preventDefault());
$("#upload-button").addEventListener("click", () =>
  busy($("#upload-button"), "Uploading…", upload).catch((err) => notify("#upload-message", "error", explain(err))),
);
guarded($("#check-button"), "Checking…", check);
guarded($("#create-button"), "Working…", create);
defaultDeadline();
showKind();
config().then((cfg) => {
  if (!cfg.token.permit) $("#create-button").textContent = "Approve & create job"; // a token without EIP-2612
}, () => {});
