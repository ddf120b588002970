// Builds static/vendor/viem.js from entry.js: `make wallet-bundle` (npx vite build --config <this file>).
// Library mode, ES module only, one file (no code splitting): the pages import it as /static/vendor/viem.js
// with no import map and no bare specifiers. Not minified, so a reviewer can read what the wallet runs.
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { defineConfig } from "vite";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const viemVersion = JSON.parse(readFileSync(here("../../../node_modules/viem/package.json"), "utf8")).version;

export default defineConfig({
  logLevel: "warn",
  build: {
    lib: { entry: here("entry.js"), formats: ["es"], fileName: () => "viem.js" },
    outDir: here("../static/vendor"),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    target: "es2022",
    rolldownOptions: {
      output: {
        codeSplitting: false,
        banner:
          `// viem ${viemVersion} (MIT, https://viem.sh), only the names exported at the end of this file.\n` +
          "// Generated: do not edit. Rebuild with `make wallet-bundle` " +
          "(npx vite build --config frontend_api/web/wallet_bundle/vite.config.mjs).",
      },
    },
  },
});
