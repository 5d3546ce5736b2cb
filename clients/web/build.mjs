// Bundles the console into the server's static folder (src/Server/Live/wwwroot), which is committed
// so that building the server never needs node. Run `npm ci && npm run build` after changing src/.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const out = new URL("../../src/Server/Live/wwwroot/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/app.ts"],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  outfile: out + "app.js",
  legalComments: "linked",
});
copyFileSync("src/index.html", out + "index.html");
copyFileSync("src/style.css", out + "style.css");
copyFileSync("node_modules/uplot/dist/uPlot.min.css", out + "uplot.css");
