// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into one CommonJS file,
// dist/bundle/berth.cjs, which bin/berth compiles with a V8 code cache. Start-up is most of a
// `berth config` on a small project: linking some seventy ES modules cost 40-50 ms and compiling
// them 20-30 ms more, measured with bench/config.mjs. Modules reached by a dynamic import() are still
// only initialised when a command uses them. docker-modem stays outside: it is CommonJS with optional
// native parts (ssh2), loaded from node_modules as usual.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outfile: `${outdir}/berth.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import.meta.url has no CommonJS equivalent; the bundle's own file URL stands in for it, which
  // keeps `new URL('../../package.json', import.meta.url)` pointing at the same file.
  define: { 'import.meta.url': '__berthModuleUrl' },
  banner: { js: "const __berthModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  external: ['docker-modem', 'fsevents'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
