// The parts of viem the wallet pages use, bundled into one ES module: static/vendor/viem.js.
// Rebuild with `make wallet-bundle` (vite in library mode, vite.config.mjs next to this file).
// Add a name here only when a file under static/wallet/ imports it (tests/browser/test_wallet_bundle.py
// checks that every imported name is exported by the committed bundle).
export {
  BaseError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  createPublicClient,
  createWalletClient,
  custom,
  decodeEventLog,
  encodeFunctionData,
  formatUnits,
  getAddress,
  isAddress,
  numberToHex,
  parseAbi,
  parseSignature,
  parseUnits,
} from "viem";
