// Fills the header's #wallet-slot on every page: a Connect button, then the account and its chain, with a
// Switch button when the wallet is on another chain than the deployment's.
import { connect, emit, explain, state, switchChain, watch } from "./wallet.js";

const slot = document.getElementById("wallet-slot");

function short(address) {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

function button(label, id, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "btn small accent";
  b.id = id;
  b.textContent = label;
  b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      await onClick();
    } catch (err) {
      say(explain(err));
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

function say(text) {
  let note = document.getElementById("wallet-note");
  if (!note) {
    note = document.createElement("span");
    note.id = "wallet-note";
    note.className = "wallet-note";
    note.setAttribute("role", "alert");
    slot.append(note);
  }
  note.textContent = text;
}

function draw(s) {
  slot.replaceChildren();
  if (s.error && !s.account) {
    const span = document.createElement("span");
    span.className = "wallet-none";
    span.id = "wallet-none";
    span.title = s.error; // the whole message; the header keeps to a phone's width
    span.textContent = /No wallet found/.test(s.error) ? "No wallet" : "Wallet unavailable";
    slot.append(span);
    return;
  }
  if (!s.account) {
    slot.append(button("Connect wallet", "wallet-connect", connect));
    return;
  }
  const who = document.createElement("span");
  who.className = "wallet-account mono";
  who.id = "wallet-account";
  who.title = s.account;
  who.textContent = short(s.account);
  slot.append(who);
  if (s.ok) {
    const chain = document.createElement("span");
    chain.className = "badge ok";
    chain.id = "wallet-chain";
    chain.textContent = s.chainName || `chain ${s.chainId}`;
    slot.append(chain);
  } else {
    const wrong = document.createElement("span");
    wrong.className = "badge rejected";
    wrong.id = "wallet-chain";
    wrong.textContent = `wrong chain ${s.chainId}`;
    slot.append(wrong, button(`Switch to ${s.chainName}`, "wallet-switch", switchChain));
  }
}

if (slot) {
  document.addEventListener("wallet:changed", (event) => draw(event.detail));
  watch();
  emit();
}
