// The labeling page: log in to the oracles with the wallet (an EIP-712 Login), take a batch through /v1/work,
// show its items one by one (tap a class, or press 1-9; ← goes back, Enter signs), then have the oracle store
// the answers file and sign its TaskResult (eth_signTypedData_v4) in the wallet, and hand the signed result in
// through /v1/work. Every oracle call goes through this server (/label/oracle/{i}/...). A free-text job (schema
// "text": transcription) shows a text box instead of classes: Enter (or Next on a phone) keeps the item's text and
// moves on, and on the last item signs the batch.
// Once the leader has accepted the signed result (or when it does not answer), the page hands the same signed
// result to the other oracles (v1/label/jobs/{id}/answers/copy): they keep it, so the labeler's work survives
// the leader dying before they mirrored it (oracles.labeling.carry_over). The page logs in to every oracle when
// it takes its first batch, so the copies need no wallet prompt; a copy that fails shows a muted note only.
import { WalletError, contract, explain, problem, provider, read, ready, send, tokens as amountOf } from "./wallet.js";
import { $, busy, clear, notify } from "./ui.js";

const ORACLES = Number($("#label-start").dataset.oracles || 0);
const LOGIN_TYPES = [
  { name: "worker", type: "address" },
  { name: "oracle", type: "address" },
  { name: "nonce", type: "bytes32" },
  { name: "expires", type: "uint64" },
];
const DOMAIN_TYPES = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
];
const ROLE_LABELER = 3; // WorkerRegistry.ROLE_LABELER
const CAPABILITY_LABEL = 8n; // protocol.contracts.Capability.LABEL
const tokens = {}; // oracle index -> bearer token, for the connected account
let work = null; // {oracle, account, batch, answers, at, lease}
let beat = null; // the lease heartbeat's timer

// Keep the leased batch while a person labels it: renew the lease a third of the way to its expiry.
function keepLease(expiresAt) {
  clearTimeout(beat);
  const wait = Math.max(1000, ((expiresAt - Date.now() / 1000) * 1000) / 3);
  beat = setTimeout(async () => {
    if (!work) return;
    const progress = work.answers.filter((a) => a !== null).length / work.answers.length;
    try {
      const reply = await call(work.oracle, "POST", `v1/leases/${work.batch.lease_id}/heartbeat`, { progress });
      keepLease(reply.expires_at);
    } catch (err) {
      if (work) notify("#label-message", "error", `This batch may be lost: ${explain(err)}`);
    }
  }, wait);
}

async function call(i, method, path, body = null) {
  const headers = { "content-type": "application/json" };
  if (tokens[i]) headers.authorization = `Bearer ${tokens[i].token}`;
  const response = await fetch(`/label/oracle/${i}/${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  if (response.status === 204) return null;
  if (!response.ok) throw new WalletError(`Oracle ${i}: ${await problem(response)}`, response.status);
  return response.json();
}

async function signTyped(account, typed) {
  const p = await provider();
  return p.request({ method: "eth_signTypedData_v4", params: [account, JSON.stringify(typed)] });
}

async function login(i, account) {
  if (tokens[i] && tokens[i].account === account) return;
  const ch = await call(i, "GET", `v1/auth/challenge?worker=${account}`);
  const typed = {
    types: { EIP712Domain: DOMAIN_TYPES, Login: LOGIN_TYPES },
    primaryType: "Login",
    domain: { name: "GPUHive", version: "1", chainId: ch.chain_id, verifyingContract: ch.registry },
    message: { worker: account, oracle: ch.oracle, nonce: ch.nonce, expires: ch.expires },
  };
  notify("#label-message", "warn", "Sign the login in your wallet (no transaction, no fee)…");
  const signature = await signTyped(account, typed);
  const reply = await call(i, "POST", "v1/auth/login", { worker: account, nonce: ch.nonce, expires: ch.expires, signature });
  tokens[i] = { account, token: reply.token };
}

// The account's labeler standing: {role, staked, minimum} from WorkerRegistry.
async function standing(account) {
  const node = await read("WorkerRegistry", "nodes", [account]);
  const minimum = await read("WorkerRegistry", "min_stake", [ROLE_LABELER]);
  return { role: Number(node.role ?? node[0]), staked: BigInt(node.staked ?? node[2]), minimum };
}

async function offerJoin(s) {
  const why = $("#label-join-why");
  if (s.role === 0) {
    why.textContent = `Labelers register in the registry and stake ${await amountOf(s.minimum)} (returned when you leave, `
      + "lost if you answer at random). Your wallet asks you to confirm each transaction.";
  } else {
    why.textContent = `Your stake is ${await amountOf(s.staked)}; labelers need ${await amountOf(s.minimum)}. Stake the rest to take batches.`;
  }
  $("#label-join").hidden = false;
}

async function join() {
  const account = await ready();
  const s = await standing(account);
  if (s.role !== 0 && s.role !== ROLE_LABELER) {
    throw new WalletError("This account is registered as a worker or sentry; label with another account. Nothing was sent.");
  }
  const missing = s.minimum > s.staked ? s.minimum - s.staked : 0n;
  const balance = await read("HiveToken", "balanceOf", [account]);
  if (balance < missing) {
    throw new WalletError(`Staking needs ${await amountOf(missing)}; your balance is ${await amountOf(balance)}. Nothing was sent.`);
  }
  if (s.role === 0) {
    notify("#label-message", "warn", "Confirm the register transaction in your wallet…");
    await send("WorkerRegistry", "register", [ROLE_LABELER, CAPABILITY_LABEL, ""], account);
  }
  if (missing > 0n) {
    const registry = await contract("WorkerRegistry");
    if ((await read("HiveToken", "allowance", [account, registry.address])) < missing) {
      notify("#label-message", "warn", "Confirm the approve transaction in your wallet…");
      await send("HiveToken", "approve", [registry.address, missing], account);
    }
    notify("#label-message", "warn", "Confirm the stake transaction in your wallet…");
    await send("WorkerRegistry", "stake", [missing], account);
  }
  $("#label-join").hidden = true;
  notify("#label-message", "ok", `You are a labeler with ${await amountOf(s.staked + missing)} staked. Take a batch.`);
}

async function take() {
  const account = await ready();
  const s = await standing(account);
  if (s.role !== ROLE_LABELER || s.staked < s.minimum) {
    if (s.role !== 0 && s.role !== ROLE_LABELER) {
      throw new WalletError("This account is registered as a worker or sentry, not a labeler; connect a labeler account.");
    }
    await offerJoin(s);
    return;
  }
  if (!ORACLES) throw new WalletError("This server knows no oracles; nothing to label.");
  for (let i = 0; i < ORACLES; i++) {
    try {
      await login(i, account); // every oracle: the one that leases a batch, and the others keep copies of it
    } catch (err) {
      if (err.code === 4001) throw err; // (an oracle that is down or refuses: not asked below)
    }
  }
  for (let i = 0; i < ORACLES; i++) {
    if (!tokens[i] || tokens[i].account !== account) continue;
    const reply = await call(i, "POST", "v1/work", { want: 1, wait_s: 1 });
    if (reply && reply.leases && reply.leases.length) {
      const lease = reply.leases[0];
      const batch = await call(i, "GET", `v1/label/leases/${lease.lease_id}`);
      work = { oracle: i, account, batch, answers: new Array(batch.items.length).fill(null), at: 0 };
      keepLease(lease.expires_at);
      $("#label-join").hidden = true;
      show();
      clear("#label-message");
      return;
    }
  }
  throw new WalletError("No batch to label right now. Try again in a minute.");
}

function classButtons(classes) {
  const box = $("#label-classes");
  box.replaceChildren(
    ...classes.map((name, k) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn secondary";
      b.dataset.answer = name;
      if (k < 9) {
        const key = document.createElement("kbd");
        key.textContent = String(k + 1);
        b.append(key);
      }
      b.append(name);
      return b;
    }),
  );
}

async function showItem(figure, item, media) {
  if (media === "text") {
    const pre = document.createElement("pre");
    const response = await fetch(`/label/item/${item.cid}?media=text`);
    pre.textContent = response.ok ? await response.text() : `(item ${item.index} is unavailable)`;
    figure.replaceChildren(pre);
  } else if (media === "audio") {
    const audio = document.createElement("audio");
    audio.controls = true;
    audio.src = `/label/item/${item.cid}?media=audio`;
    figure.replaceChildren(audio);
  } else {
    const img = document.createElement("img");
    img.src = `/label/item/${item.cid}?media=image`;
    img.alt = `item ${item.index}`;
    figure.replaceChildren(img);
  }
}

const isText = () => work && work.batch.schema === "text";
// What the oracle will store (it does the same: NFC, one space between words, trimmed).
const canonical = (text) => text.normalize("NFC").replace(/\s+/g, " ").trim();

function showText() {
  const { batch, answers, at } = work;
  const box = $("#label-text-box");
  box.maxLength = batch.max_chars || 1000;
  if (box.dataset.at !== String(at)) {
    box.dataset.at = String(at);
    box.value = answers[at] ?? "";
  }
  $("#label-text-count").textContent = `${box.value.length} / ${box.maxLength}`;
  const othersDone = answers.every((a, k) => k === at || a !== null);
  $("#label-text-next").textContent = othersDone && at === answers.length - 1 ? "Sign" : "Next";
  box.focus();
}

function show() {
  const { batch, answers, at } = work;
  $("#label-start").hidden = true;
  $("#label-work").hidden = false;
  $("#label-classes").hidden = isText();
  $("#label-text").hidden = !isText();
  $("#label-keys-classes").hidden = isText();
  $("#label-keys-text").hidden = !isText();
  if (!isText() && !$("#label-classes").children.length) classButtons(batch.classes);
  const done = answers.filter((a) => a !== null).length;
  const complete = done === answers.length;
  $("#label-progress").textContent = complete ? `All ${answers.length} labeled` : `Item ${at + 1} of ${answers.length}`;
  $("#label-batch").textContent = `job ${batch.job_id} · batch ${batch.task_index}`;
  const item = batch.items[Math.min(at, batch.items.length - 1)];
  const figure = $("#label-item");
  if (figure.dataset.cid !== item.cid) {
    figure.dataset.cid = item.cid;
    showItem(figure, item, batch.media).catch((err) => notify("#label-message", "error", explain(err)));
  }
  for (const b of $("#label-classes").children) {
    b.classList.toggle("chosen", answers[at] === b.dataset.answer);
  }
  $("#label-back").disabled = at === 0;
  $("#label-submit").disabled = !complete;
  if (isText()) showText();
}

// The text box's Enter or Next: keep this item's text and move on (to the first item without text, after the
// last); once every item has its text, Enter on the last one signs.
function nextText() {
  if (!isText()) return;
  work.answers[work.at] = canonical($("#label-text-box").value);
  const missing = work.answers.indexOf(null);
  if (missing === -1 && work.at === work.answers.length - 1) {
    show();
    $("#label-submit").click();
    return;
  }
  work.at = work.at < work.answers.length - 1 ? work.at + 1 : missing;
  show();
}

function answer(name) {
  if (!work) return;
  work.answers[work.at] = name;
  if (work.at < work.answers.length - 1) work.at += 1;
  show();
}

// Hand the signed result to every oracle but the leader, which keep it for a takeover; a muted note names the
// ones that did not keep it (nothing for the labeler to do: the leader has it, or they may retry the batch).
async function copyAnswers(leader, account, batch, result) {
  const body = {
    task_index: batch.task_index,
    replica: batch.replica,
    output_cid: result.output_cid,
    digest: result.digest,
    signature: result.signature,
  };
  const others = [...Array(ORACLES).keys()].filter((i) => i !== leader);
  const outcomes = await Promise.all(
    others.map((i) => {
      if (!tokens[i] || tokens[i].account !== account) return Promise.resolve(false);
      return call(i, "POST", `v1/label/jobs/${batch.job_id}/answers/copy`, body).then(() => true, () => false);
    }),
  );
  const missed = others.filter((_, k) => !outcomes[k]);
  if (missed.length) {
    const note = document.createElement("p");
    note.className = "muted";
    note.id = "label-copy-note";
    note.textContent = `Oracle${missed.length > 1 ? "s" : ""} ${missed.join(", ")} did not keep a copy of your `
      + "signed answers (a copy only matters if the leader fails).";
    $("#label-message").append(note);
  }
  return others.length - missed.length;
}

const unreachable = (err) => !(err instanceof WalletError) || [502, 503, 504].includes(err.code);

async function submit() {
  const { oracle, account, batch, answers } = work;
  const prepared = await call(oracle, "POST", "v1/label/answers", { lease_id: batch.lease_id, labels: answers });
  notify("#label-message", "warn", "Sign the batch's result in your wallet (no transaction, no fee)…");
  const signature = await signTyped(account, prepared.typed_data);
  const result = { lease_id: batch.lease_id, digest: prepared.digest, output_cid: prepared.output_cid, signature };
  let reply;
  try {
    reply = await call(oracle, "POST", "v1/work", { results: [result], want: 0 });
  } catch (err) {
    if (!unreachable(err)) throw err;
    const kept = await copyAnswers(oracle, account, batch, result);
    const copies = kept ? ` ${kept} other oracle${kept > 1 ? "s" : ""} keep your signed answers meanwhile.` : "";
    throw new WalletError(`${explain(err)}${copies}`, err.code);
  }
  const outcome = reply.outcomes[0];
  if (outcome.status !== 200) throw new WalletError(`The oracle refused the batch: ${outcome.detail}`);
  work = null;
  clearTimeout(beat);
  $("#label-work").hidden = true;
  $("#label-classes").replaceChildren();
  $("#label-item").replaceChildren();
  delete $("#label-item").dataset.cid;
  $("#label-text-box").value = "";
  delete $("#label-text-box").dataset.at;
  $("#label-start").hidden = false;
  $("#label-take").textContent = "Take another batch";
  notify("#label-message", "ok", `Batch ${batch.task_index} of job ${batch.job_id} submitted: ${answers.length} labels, signed (${prepared.output_cid}).`);
  copyAnswers(oracle, account, batch, result).catch(() => {}); // (in the background: the labeler goes on)
}

function run(button, text, task) {
  busy(button, text, async () => {
    try {
      await task();
    } catch (err) {
      notify("#label-message", "error", explain(err));
    }
  });
}

$("#label-take").addEventListener("click", (e) => run(e.currentTarget, "Looking for a batch…", take));
$("#label-join-go").addEventListener("click", (e) => run(e.currentTarget, "Waiting for the wallet…", join));
$("#label-submit").addEventListener("click", (e) => run(e.currentTarget, "Waiting for the wallet…", submit));
$("#label-back").addEventListener("click", () => {
  if (work && work.at > 0) {
    work.at -= 1;
    show();
  }
});
$("#label-classes").addEventListener("click", (event) => {
  const button = event.target.closest("[data-answer]");
  if (button) answer(button.dataset.answer);
});
$("#label-text").addEventListener("submit", (event) => {
  event.preventDefault();
  nextText();
});
$("#label-text-box").addEventListener("input", () => {
  $("#label-text-count").textContent = `${$("#label-text-box").value.length} / ${$("#label-text-box").maxLength}`;
});
$("#label-text-box").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    nextText();
  } else if (event.key === "ArrowLeft" && event.altKey) {
    event.preventDefault();
    $("#label-back").click();
  }
});
document.addEventListener("keydown", (event) => {
  if (event.target === $("#label-text-box")) return; // typing: the text box's own keys above
  if (!work || event.ctrlKey || event.metaKey || event.altKey) return;
  if (/^[1-9]$/.test(event.key)) {
    const name = work.batch.classes[Number(event.key) - 1];
    if (name !== undefined) {
      event.preventDefault();
      answer(name);
    }
  } else if (event.key === "ArrowLeft" || event.key === "Backspace") {
    event.preventDefault();
    $("#label-back").click();
  } else if (event.key === "ArrowRight" && work.answers[work.at] !== null && work.at < work.answers.length - 1) {
    work.at += 1;
    show();
  } else if (event.key === "Enter" && !$("#label-submit").disabled) {
    event.preventDefault();
    $("#label-submit").click();
  }
});
