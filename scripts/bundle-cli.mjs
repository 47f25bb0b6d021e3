// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into one CommonJS file,
// dist/bundle/berth.cjs, which bin/berth compiles with a V8 code cache. Start-up is most of a
// `berth config` on a small project: linking some seventy ES modules cost 40-50 ms and compiling
// them 20-30 ms more, measured with bench/config.mjs. Modules reached by a dynamic import() are still
// only initialised when a command uses them.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// docker-modem requires ssh2 when it loads, for ssh:// hosts only; that cost 25-30 ms of every
// command that talks to the engine. In the bundle it gets a stand-in whose Client loads the real ssh2
// (from node_modules, with its optional native parts) when a connection is first made.
const lazySsh2 = {
  name: 'lazy-ssh2',
  setup(plugin) {
    plugin.onResolve({ filter: /^ssh2$/ }, (args) =>
      args.namespace === 'lazy-ssh2' ? { path: 'ssh2', external: true } : { path: 'ssh2', namespace: 'lazy-ssh2' },
    );
    plugin.onLoad({ filter: /.*/, namespace: 'lazy-ssh2' }, () => ({
      loader: 'js',
      contents: `class Client {
  constructor(...args) {
    const Real = require('ssh2').Client;
    return new Real(...args);
  }
}
module.exports = { Client };
`,
    }));
  },
};

// docker-modem formats every request it sends with util.inspect (the agent and its sockets included,
// at unlimited depth) for a debug line that is off unless DEBUG=modem: several milliseconds of every
// command that talks to the engine. In the bundle the formatting happens only when the line is shown.
const SENDING = "debug('Sending: %s', util.inspect(";
const quietModemDebug = {
  name: 'quiet-modem-debug',
  setup(plugin) {
    plugin.onLoad({ filter: /docker-modem[\\/]lib[\\/]modem\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(SENDING)) throw new Error(`${args.path} no longer has ${SENDING}: review the quiet-modem-debug plugin`);
      return { loader: 'js', contents: text.replace(SENDING, `debug.enabled && ${SENDING}`) };
    });
  },
};

// commander loads child_process when it loads, for executable subcommands, which berth has none of;
// that was a few milliseconds of every command. In the bundle it is loaded when first spawned from.
const EAGER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyCommanderChildProcess = {
  name: 'lazy-commander-child-process',
  setup(plugin) {
    plugin.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(EAGER_CHILD_PROCESS)) {
        throw new Error(`${args.path} no longer has ${EAGER_CHILD_PROCESS}: review the lazy-commander-child-process plugin`);
      }
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { loader: 'js', contents: text.replace(EAGER_CHILD_PROCESS, lazy) };
    });
  },
};

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
  external: ['fsevents'],
  plugins: [lazySsh2, quietModemDebug, lazyCommanderChildProcess],
  // import() becomes a lazy require(): bin/berth runs the bundle as a vm.Script, where a real import()
  // needs a loader callback that V8 drops once the script comes from the code cache.
  supported: { 'dynamic-import': false },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
});

// bin/berth reads the bundle as latin1, which is right only for ASCII: esbuild escapes non-ASCII
// characters in strings, but not in regular expression literals (write those as \u escapes).
const bytes = await readFile(`${outdir}/berth.cjs`);
const offset = bytes.findIndex((byte) => byte > 0x7f);
if (offset >= 0) {
  const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
  throw new Error(`dist/bundle/berth.cjs has a non-ASCII character on line ${line}: escape it in the source (\\uXXXX)`);
}
