// The wallet: find an EIP-1193 provider (EIP-6963 announcements first, window.ethereum otherwise), connect,
// keep it on the deployment's chain, and send transactions and signatures with errors a person can act on.
// The server never sees a key: every transaction and signature is made here, in the user's wallet.
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  custom,
  formatUnits,
  getAddress,
  numberToHex,
} from "../vendor/viem.js";

const DISCOVERY_MS = 250;
let providers = null; // [{info, provider}] from EIP-6963, or window.ethereum
let configPromise = null;

// ------------------------------------------------------------------ errors

// A failure the page shows as it is; `code` is the EIP-1193 code when the wallet gave one.
export class WalletError extends Error {
  constructor(message, code = null) {
    super(message);
    this.code = code;
  }
}

function codeOf(err) {
  for (let e = err; e; e = e.cause) {
    if (typeof e.code === "number") return e.code;
  }
  return null;
}

// What went wrong, in words: a rejection, a revert with the contract's reason, a chain that does not answer.
export function explain(err) {
  if (err instanceof WalletError) return err.message;
  const code = codeOf(err);
  if (code === 4001) return "You rejected the request in your wallet. Nothing was sent.";
  if (code === 4100) return "The wallet did not authorise this site: connect the wallet first. Nothing was sent.";
  if (code === -32002) return "Your wallet already has a request waiting: open the wallet and answer it.";
  if (err instanceof BaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert) return `The contract refused: ${revert.reason || revert.shortMessage}. Nothing was sent.`;
    if (/fetch|network|HTTP request failed|ECONNREFUSED|timed? ?out/i.test(err.message)) {
      return "The chain's RPC node does not answer. Try again when it is back; nothing was sent.";
    }
    return err.shortMessage || err.message;
  }
  if (err instanceof TypeError && /fetch/i.test(err.message)) {
    return "The server does not answer. Try again when it is back; nothing was sent.";
  }
  return (err && err.message) || String(err);
}

// ------------------------------------------------------------------ discovery

export async function discover() {
  if (providers) return providers;
  const found = [];
  const onAnnounce = (event) => {
    const { info, provider } = event.detail || {};
    if (provider && !found.some((p) => p.info.uuid === info.uuid)) found.push({ info, provider });
  };
  window.addEventListener("eip6963:announceProvider", onAnnounce);
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  await new Promise((resolve) => setTimeout(resolve, DISCOVERY_MS));
  window.removeEventListener("eip6963:announceProvider", onAnnounce);
  if (found.length === 0 && window.ethereum) {
    found.push({ info: { name: "Browser wallet", rdns: "window.ethereum", uuid: "window.ethereum" }, provider: window.ethereum });
  }
  providers = found;
  return providers;
}

export async function provider() {
  const list = await discover();
  if (list.length === 0) {
    throw new WalletError("No wallet found in this browser. Install a wallet (MetaMask or another EIP-1193 wallet).");
  }
  const chosen = localStorage.getItem("gpuhive.wallet");
  return (list.find((p) => p.info.rdns === chosen) || list[0]).provider;
}

// ------------------------------------------------------------------ the deployment

export function config() {
  if (!configPromise) {
    configPromise = fetch("/api/v1/wallet/config").then(async (r) => {
      if (!r.ok) {
        configPromise = null;
        throw new WalletError(await problem(r));
      }
      return r.json();
    }, (err) => {
      configPromise = null;
      throw new WalletError("The server does not answer; reload the page when it is back.");
    });
  }
  return configPromise;
}

// The error text of a non-2xx API answer (FastAPI's {"detail": ...}).
export async function problem(response) {
  try {
    const body = await response.json();
    if (typeof body.detail === "string") return body.detail;
    return JSON.stringify(body.detail || body);
  } catch {
    return `the server answered ${response.status}`;
  }
}

export async function contract(name) {
  const c = (await config()).contracts[name];
  return { address: getAddress(c.address), abi: c.abi };
}

export async function tokens(amount) {
  const t = (await config()).token;
  return `${formatUnits(BigInt(amount), t.decimals)} ${t.symbol}`;
}

// ------------------------------------------------------------------ connection

export async function accounts() {
  const p = await provider();
  return p.request({ method: "eth_accounts" });
}

export async function connect() {
  const p = await provider();
  const list = await p.request({ method: "eth_requestAccounts" });
  if (!list || list.length === 0) throw new WalletError("The wallet gave no account.");
  emit();
  return getAddress(list[0]);
}

export async function chainId() {
  const p = await provider();
  return Number(BigInt(await p.request({ method: "eth_chainId" })));
}

// The state the header shows and the pages follow: {account, chainId, expected, ok}.
export async function state() {
  const cfg = await config();
  let list = [];
  let id = null;
  try {
    list = await accounts();
    id = list.length ? await chainId() : null;
  } catch (err) {
    return { account: null, chainId: null, expected: cfg.chain_id, ok: false, error: explain(err) };
  }
  const account = list.length ? getAddress(list[0]) : null;
  return { account, chainId: id, expected: cfg.chain_id, chainName: cfg.chain_name, ok: !!account && id === cfg.chain_id };
}

export function emit() {
  state()
    .catch((err) => ({ account: null, chainId: null, ok: false, error: explain(err) }))
    .then((s) => document.dispatchEvent(new CustomEvent("wallet:changed", { detail: s })));
}

// Ask the wallet to move to the deployment's chain; add it first when the wallet does not know it (4902).
export async function switchChain() {
  const cfg = await config();
  const p = await provider();
  const hexId = numberToHex(cfg.chain_id);
  try {
    await p.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hexId }] });
  } catch (err) {
    if (codeOf(err) !== 4902) throw err;
    await p.request({
      method: "wallet_addEthereumChain",
      params: [{
        chainId: hexId,
        chainName: cfg.chain_name,
        rpcUrls: [cfg.rpc_url],
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      }],
    });
  }
  emit();
}

// The connected account on the right chain, or a WalletError saying what to do. Nothing is sent before this.
export async function ready() {
  const s = await state();
  if (!s.account) throw new WalletError("Connect your wallet first (button at the top).");
  if (s.chainId !== s.expected) {
    throw new WalletError(`Your wallet is on chain ${s.chainId}; switch it to ${s.chainName} (chain ${s.expected}) first.`);
  }
  return s.account;
}

export async function clients() {
  const p = await provider();
  const transport = custom(p);
  return { reader: createPublicClient({ transport }), writer: createWalletClient({ transport }) };
}

export async function read(name, functionName, args = []) {
  const { reader } = await clients();
  return reader.readContract({ ...(await contract(name)), functionName, args });
}

// Simulate, then send, then wait for the receipt. A revert is caught by the simulation, before the wallet
// is asked anything, and reported with the contract's reason.
export async function send(name, functionName, args, account) {
  const { reader, writer } = await clients();
  const { request } = await reader.simulateContract({ ...(await contract(name)), functionName, args, account });
  const hash = await writer.writeContract({ ...request, chain: null });
  const receipt = await reader.waitForTransactionReceipt({ hash, pollingInterval: 300 });
  if (receipt.status !== "success") throw new WalletError(`The transaction ${hash} reverted.`);
  return receipt;
}

// EIP-2612 permit for `spender` to take `value` of the account's tokens, signed with eth_signTypedData_v4.
export async function signPermit(account, spender, value, deadline) {
  const cfg = await config();
  const token = await contract("HiveToken");
  const nonce = await read("HiveToken", "nonces", [account]);
  const typed = {
    types: {
      EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ],
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    domain: { name: cfg.token.eip712.name, version: cfg.token.eip712.version, chainId: cfg.chain_id, verifyingContract: token.address },
    message: { owner: account, spender, value: value.toString(), nonce: nonce.toString(), deadline: deadline.toString() },
  };
  const p = await provider();
  return p.request({ method: "eth_signTypedData_v4", params: [account, JSON.stringify(typed)] });
}

// The chain's time (the latest block's), which deadlines and windows are judged by.
export async function chainTime() {
  const { reader } = await clients();
  const block = await reader.getBlock();
  return Number(block.timestamp);
}

export async function watch() {
  try {
    const p = await provider();
    if (p.on) {
      p.on("accountsChanged", emit);
      p.on("chainChanged", emit);
    }
  } catch {
    /* no wallet: the header says so */
  }
}
