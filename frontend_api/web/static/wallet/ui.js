// Small DOM helpers the wallet pages share: messages, busy buttons, countdowns.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// Put a notice (kind: "ok", "error", "warn") into `target`; `link` = {href, text} adds a link after the text.
export function notify(target, kind, text, link = null) {
  const box = typeof target === "string" ? $(target) : target;
  if (!box) return;
  const p = document.createElement("p");
  p.className = `notice ${kind}`;
  p.setAttribute("role", kind === "error" ? "alert" : "status");
  p.textContent = text;
  if (link) {
    p.append(" ");
    const a = document.createElement("a");
    a.href = link.href;
    a.textContent = link.text;
    p.append(a);
  }
  box.replaceChildren(p);
}

export function clear(target) {
  const box = typeof target === "string" ? $(target) : target;
  if (box) box.replaceChildren();
}

// Run `work` with `button` disabled and showing `busyText`; the label comes back afterwards.
export async function busy(button, busyText, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = busyText;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

// "2 d 03:04:05" (or "03:04:05") for a number of seconds; "now" at or below zero.
export function duration(seconds) {
  if (seconds <= 0) return "now";
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d ? `${d} d ` : ""}${pad(h)}:${pad(m)}:${pad(s)}`;
}

// Every element with data-until (a chain time) and data-chain-time (the chain's time when the page was
// drawn) shows the time left, counted on this browser's clock from when it was drawn.
export function startCountdowns(root = document) {
  const tick = () => {
    for (const el of $$("[data-until]", root)) {
      const drawnAt = Number(el.dataset.drawnAt || (el.dataset.drawnAt = String(Date.now() / 1000)));
      const chainNow = Number(el.dataset.chainTime) + (Date.now() / 1000 - drawnAt);
      el.textContent = duration(Number(el.dataset.until) - chainNow);
    }
  };
  tick();
  root.addEventListener("htmx:afterSwap", tick); // a refreshed panel shows its countdowns at once
  return setInterval(tick, 1000);
}
