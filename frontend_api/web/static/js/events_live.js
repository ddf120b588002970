// The events feed, live: appends what /api/v1/events/stream sends (Server-Sent Events) to the top of
// #event-feed, built with textContent only (event arguments are user text: never parsed as HTML).
// The browser's EventSource reconnects by itself and resumes after the last id it saw (Last-Event-ID).

const MAX_ITEMS = 200;
// The same as templating.event_fields on the server.
const AMOUNT_ARGS = new Set(["amount", "refund", "total_payout", "oracle_fee", "budget", "bond", "staked",
  "unbonding", "slashed", "unclaimed_payout", "requested"]);
const TIME_ARGS = new Set(["deadline", "window_end", "jailed_until", "unbond_ready_at", "ready_at", "resolve_by",
  "join_end", "until"]);
const HIDDEN_ARGS = new Set(["job_id"]);
const MAX_ARG_TEXT = 70;
const TOKEN = 10n ** 18n;
const feed = document.getElementById("event-feed");
const status = document.getElementById("live-status");

function setStatus(state, text) {
  if (!status) return;
  status.dataset.state = state;
  status.className = "live " + (state === "live" ? "on" : state === "closed" ? "off" : "");
  status.textContent = text;
}

function short(value, keep = 6) {
  return value.length <= keep + 5 ? value : `${value.slice(0, keep)}…${value.slice(-4)}`;
}

function when(seconds) {
  if (seconds === null || seconds === undefined) return "-";
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

function tokens(text) {
  // base units to HIVE with two decimals, rounded down, thousands separated
  const units = BigInt(text);
  const whole = (units / TOKEN).toLocaleString("en-US");
  const cents = ((units % TOKEN) * 100n / TOKEN).toString().padStart(2, "0");
  return `${whole}.${cents}`;
}

function fieldText(key, value) {
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (AMOUNT_ARGS.has(key) && /^[0-9]+$/.test(text)) return `${tokens(text)} HIVE`;
  if (TIME_ARGS.has(key) && /^[0-9]{10}$/.test(text)) return when(Number(text));
  if (text.startsWith("0x") && (text.length === 42 || text.length === 66)) {
    return short(text, text.length === 42 ? 6 : 10);
  }
  return text.length > MAX_ARG_TEXT ? text.slice(0, MAX_ARG_TEXT) + "…" : text;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function eventItem(e) {
  const li = el("li", "fresh");
  li.dataset.id = String(e.id);
  li.dataset.block = String(e.block_number);
  const head = el("div");
  head.append(el("span", "event-name", e.name));
  head.append(el("div", "event-meta",
    `${e.contract} · block ${Number(e.block_number).toLocaleString("en-US")} · ${when(e.block_time)}`));
  const body = el("div", "event-args");
  if (e.job_id !== null && e.job_id !== undefined) {
    const link = el("a", "", `job #${e.job_id}`);
    link.href = `/jobs/${encodeURIComponent(e.job_id)}`;
    body.append(link);
  }
  const args = el("div");
  Object.entries(e.args || {}).filter(([key]) => !HIDDEN_ARGS.has(key)).forEach(([key, value], i) => {
    if (i) args.append(" · ");
    args.append(el("span", "muted", key), " ", fieldText(key, value));
  });
  body.append(args);
  li.append(head, body);
  return li;
}

function wanted(e) {
  return (!feed.dataset.contract || e.contract === feed.dataset.contract) &&
    (!feed.dataset.name || e.name === feed.dataset.name);
}

if (feed && feed.dataset.live) {
  const url = new URL(feed.dataset.live, window.location.origin);
  url.searchParams.set("after", feed.dataset.after || "0");
  const source = new EventSource(url);
  source.addEventListener("open", () => setStatus("live", "live"));
  source.addEventListener("error", () =>
    setStatus(source.readyState === EventSource.CLOSED ? "closed" : "connecting",
      source.readyState === EventSource.CLOSED ? "disconnected" : "reconnecting"));
  source.addEventListener("chain_event", (message) => {
    const e = JSON.parse(message.data);
    if (!wanted(e)) return;
    document.getElementById("feed-empty")?.remove();
    feed.prepend(eventItem(e));
    while (feed.children.length > MAX_ITEMS) feed.lastElementChild.remove();
  });
  source.addEventListener("rewind", (message) => {
    const { fork_block: fork } = JSON.parse(message.data);
    feed.querySelectorAll("li[data-block]").forEach((li) => {
      if (Number(li.dataset.block) >= fork) li.remove();
    });
  });
}
