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

// Edits to dependencies' sources, each for a cost of every command that talks to the engine. Each
// edit names the text it replaces, and the build fails when that text is gone, so an upgrade that
// changes it is reviewed rather than silently left unedited.
const SOURCE_EDITS = [
  {
    file: /docker-modem[\\/]lib[\\/]modem\.js$/,
    edits: [
      // docker-modem formats every request it sends with util.inspect (the agent and its sockets
      // included, at unlimited depth) for a debug line that is off unless DEBUG=modem: several
      // milliseconds a request. Now formatted only when the line is shown.
      { from: "debug('Sending: %s', util.inspect(", to: "debug.enabled && debug('Sending: %s', util.inspect(" },
      // The duplex stream for attach and exec with stdin loads readable-stream, 5-15 ms, when the
      // module loads. Now when the first such stream is made.
      {
        from: "HttpDuplex = require('./http_duplex'),",
        to: "HttpDuplex = function (req, res) { return new (require('./http_duplex'))(req, res); },",
      },
    ],
  },
  {
    // docker-modem loads https (and with it tls), 4-5 ms, for tcp:// engines with TLS only.
    file: /docker-modem[\\/]lib[\\/]http\.js$/,
    edits: [
      {
        from: "var nativeHttps = require('https'),",
        to: "var nativeHttps = { request: function () { var https = require('https'); return https.request.apply(https, arguments); } },",
      },
    ],
  },
  {
    // commander loads child_process when it loads, for executable subcommands, which berth has none
    // of: a few milliseconds of every command. Now loaded when first spawned from.
    file: /commander[\\/]lib[\\/]command\.js$/,
    edits: [
      {
        from: "const childProcess = require('node:child_process');",
        to: "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      },
    ],
  },
];

const sourceEdits = {
  name: 'source-edits',
  setup(plugin) {
    for (const { file, edits } of SOURCE_EDITS) {
      plugin.onLoad({ filter: file }, async (args) => {
        let text = await readFile(args.path, 'utf8');
        for (const { from, to } of edits) {
          if (!text.includes(from)) throw new Error(`${args.path} no longer has ${from}: review SOURCE_EDITS in scripts/bundle-cli.mjs`);
          text = text.replace(from, to);
        }
        return { loader: 'js', contents: text };
      });
    }
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
  plugins: [lazySsh2, sourceEdits],
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
