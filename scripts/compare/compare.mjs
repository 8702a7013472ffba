#!/usr/bin/env node
// Times fdl against the tools people use on flows today, on the same generated files, and
// prints a table with the ratios. Called by run.sh, which builds fdl and generates the files;
// `node compare.mjs --help` says what it takes.
//
// Every figure is the median of --runs timed runs after one untimed warm-up run.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** yaml-language-server's validationDelayMs: it validates 200 ms after the last edit. */
const YAMLLS_DELAY_MS = 200;

const USAGE = `usage: node compare.mjs --fdl FDL --flows DIR --big FILE --small FILE --schema FILE
                       [--runs N] [--edits N] [--big-edits N]

  --fdl FILE      the fdl binary (a release build)
  --flows DIR     a folder of generated flows (fdl check, yamllint, fdl fmt --check, prettier)
  --big FILE      a large flow (2,000 top-level steps) for the language servers
  --small FILE    a typical ~8 KB flow for the language servers
  --schema FILE   fdl's JSON Schema, given to yaml-language-server
  --runs N        timed runs of each command, after one warm-up run (default 5)
  --edits N       edits sent to each language server on the small flow (default 50)
  --big-edits N   edits sent to each language server on the large flow (default 20)

The other tools are looked up in scripts/compare/node_modules/.bin and scripts/compare/.venv/bin
(run.sh --install puts them there), then on PATH; a tool that is missing is skipped with a note.`;

function parseArgs(argv) {
  const opts = { runs: 5, edits: 50, bigEdits: 20 };
  const names = {
    '--fdl': 'fdl', '--flows': 'flows', '--big': 'big', '--small': 'small',
    '--schema': 'schema', '--runs': 'runs', '--edits': 'edits', '--big-edits': 'bigEdits',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const key = names[a];
    if (!key || i + 1 >= argv.length) {
      console.error(key ? `compare.mjs: ${a} needs a value` : `compare.mjs: unknown argument ${a}`);
      console.error(USAGE);
      process.exit(2);
    }
    opts[key] = argv[++i];
  }
  for (const key of ['runs', 'edits', 'bigEdits']) {
    const n = Number(opts[key]);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`compare.mjs: --${key === 'bigEdits' ? 'big-edits' : key} must be a whole number of at least 1`);
      process.exit(2);
    }
    opts[key] = n;
  }
  for (const key of ['fdl', 'flows', 'big', 'small', 'schema']) {
    if (!opts[key]) {
      console.error(`compare.mjs: --${key} is required`);
      console.error(USAGE);
      process.exit(2);
    }
    if (!existsSync(opts[key])) {
      console.error(`compare.mjs: --${key} ${opts[key]}: no such file or folder`);
      process.exit(2);
    }
  }
  return opts;
}

/** The first of `candidates` that exists, else `name` found on PATH, else null. */
function findTool(name, candidates) {
  for (const c of candidates) if (existsSync(c)) return c;
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.round((s.length - 1) * p)];
}

/** Runs a command (output discarded); returns its wall time in ms and its exit status. */
function runOnce(cmd, args, env, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return { ms, status: r.status };
}

/** The median of `runs` timed runs after a warm-up; also the exit statuses seen. */
function timeCommand(cmd, args, { env = {}, cwd, runs }) {
  const first = runOnce(cmd, args, env, cwd);
  const times = [];
  const statuses = new Set([first.status]);
  for (let i = 0; i < runs; i++) {
    const r = runOnce(cmd, args, env, cwd);
    times.push(r.ms);
    statuses.add(r.status);
  }
  return { ms: median(times), min: Math.min(...times), statuses: [...statuses] };
}

function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n')[0] : 'unknown version';
}

// ----- a minimal LSP client over stdio --------------------------------------------------------

class LspClient {
  constructor(name, cmd, args, settings) {
    this.name = name;
    this.settings = settings;
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    this.buffer = Buffer.alloc(0);
    this.stderr = '';
    this.proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((res) => this.proc.on('exit', (code) => res(code)));
    this.proc.on('error', (e) => this.fail(new Error(`${name}: ${e.message}`)));
    this.proc.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`${name} exited (${code}): ${this.stderr.slice(-2000)}`));
    });
    this.proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-8000); });
    this.proc.stdout.on('data', (d) => this.receive(d));
  }

  fail(err) {
    for (const { reject } of this.pending.values()) reject(err);
    this.pending.clear();
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
    this.error = err;
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) {
        this.fail(new Error(`${this.name}: a message without Content-Length: ${header}`));
        return;
      }
      const start = headerEnd + 4;
      const end = start + Number(m[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message, process.hrtime.bigint());
    }
  }

  dispatch(message, at) {
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!p) return;
      if (message.error) p.reject(new Error(`${this.name}: ${message.error.message}`));
      else p.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server: answer what a plain editor would.
      let result = null;
      if (message.method === 'workspace/configuration') {
        result = (message.params.items || []).map((item) =>
          item.section ? (this.settings[item.section] ?? null) : this.settings);
      }
      this.send({ id: message.id, result });
      return;
    }
    const i = this.waiters.findIndex((w) => w.match(message));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      w.resolve({ message, at });
    }
  }

  request(method, params) {
    if (this.error) return Promise.reject(this.error);
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /** The next notification for which `match` holds, with its arrival time. */
  waitFor(match, what, timeoutMs = 120000) {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      const w = { match, resolve, reject };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      w.resolve = (v) => { clearTimeout(timer); resolve(v); };
      w.reject = (e) => { clearTimeout(timer); reject(e); };
      this.waiters.push(w);
    });
  }

  async stop() {
    this.closing = true;
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 3000))]);
      this.notify('exit', null);
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Line and UTF-16 column of a UTF-16 offset (JavaScript string index). */
function position(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The offset just after the `name: ` of the step nearest past the middle of the text. */
function editOffset(text) {
  const at = text.indexOf('name: ', text.length >> 1);
  if (at < 0) throw new Error('no step name past the middle of the flow');
  return at + 'name: '.length;
}

/**
 * Starts a server, opens the flow, checks that it sees a planted mistake (so that it really
 * validates against the schema), then times `edits` one-character edits (after 3 warm-up
 * ones): from sending didChange to receiving the diagnostics of the new text.
 */
async function lspLatency({ name, cmd, args, settings, text, uri, edits, mistake }) {
  const client = new LspClient(name, cmd, args, settings);
  try {
    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      },
      initializationOptions: {},
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings });
    const sync = init.capabilities.textDocumentSync;
    const kind = typeof sync === 'number' ? sync : sync?.change;
    const incremental = kind === 2;
    const isDiag = (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri;

    let version = 1;
    let opened = client.waitFor(isDiag, 'diagnostics of the opened flow');
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
    let first = (await opened).message.params.diagnostics;
    // yaml-language-server may publish before the schema settings arrive: let it settle.
    if (first.length === 0) {
      await new Promise((r) => setTimeout(r, 300));
    }

    let current = text;
    const change = async (range, newText) => {
      version++;
      const before = current;
      const start = range ? offsetOf(before, range.start) : 0;
      const end = range ? offsetOf(before, range.end) : before.length;
      current = before.slice(0, start) + newText + before.slice(end);
      const wait = client.waitFor(isDiag, `diagnostics of version ${version}`);
      const content = incremental && range ? { range, text: newText } : { text: current };
      const t = process.hrtime.bigint();
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [content],
      });
      const { message, at } = await wait;
      return { ms: Number(at - t) / 1e6, diagnostics: message.params.diagnostics };
    };

    // The planted mistake must be reported, then its removal must clear it.
    const m = text.indexOf(mistake.find);
    if (m < 0) throw new Error(`${name}: the flow has no \`${mistake.find}\` to break`);
    const mStart = position(text, m + mistake.at);
    const mEnd = { line: mStart.line, character: mStart.character + mistake.old.length };
    const broken = await change({ start: mStart, end: mEnd }, mistake.new);
    const fixedEnd = { line: mStart.line, character: mStart.character + mistake.new.length };
    const fixed = await change({ start: mStart, end: fixedEnd }, mistake.old);
    const sees = broken.diagnostics.length > 0;
    const clean = fixed.diagnostics.length === 0;

    const at = editOffset(text);
    const p = position(text, at);
    const insert = { start: p, end: p };
    const remove = { start: p, end: { line: p.line, character: p.character + 1 } };
    const times = [];
    for (let i = 0; i < edits + 3; i++) {
      const r = i % 2 === 0 ? await change(insert, 'x') : await change(remove, '');
      if (i >= 3) times.push(r.ms);
    }
    return { times, sees, clean, incremental, initialDiagnostics: first.length };
  } finally {
    await client.stop();
  }
}

function offsetOf(text, pos) {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + pos.character;
}

// ----- the report ----------------------------------------------------------------------------

function fmtMs(ms) {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const flows = resolve(opts.flows);
  const fdl = resolve(opts.fdl);
  const bin = join(HERE, 'node_modules', '.bin');
  const venv = join(HERE, '.venv', 'bin');
  const yamllint = findTool('yamllint', [join(venv, 'yamllint')]);
  const prettier = findTool('prettier', [join(bin, 'prettier')]);
  const yamlls = findTool('yaml-language-server', [join(bin, 'yaml-language-server')]);
  const notes = [];
  const rows = [];
  const runs = opts.runs;
  const count = spawnSync('sh', ['-c', `ls "${flows}" | grep -c '\\.yaml$'`], { encoding: 'utf8' })
    .stdout.trim();

  console.log(`machine: ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores, ${cpuModel()}`);
  console.log(`fdl: ${version(fdl, ['--version'])}`);
  if (yamllint) console.log(`yamllint: ${version(yamllint, ['--version'])}`);
  if (prettier) console.log(`prettier: ${version(prettier, ['--version'])}`);
  if (yamlls) console.log(`yaml-language-server: ${yamlServerVersion(yamlls)}`);
  console.log(`node: ${process.version}`);
  console.log(`timing: median of ${runs} runs after a warm-up run; ${count} files in ${flows}`);
  console.log();

  const cli = (label, cmd, args, env = {}) => {
    process.stderr.write(`  timing ${label}...\n`);
    return timeCommand(cmd, args, { env, cwd: flows, runs });
  };

  // The folder runs: each tool is given the folder, from inside it, output discarded.
  const fdlCheck = cli('fdl check', fdl, ['check', '.']);
  const fdlCheck1 = cli('fdl check (1 thread)', fdl, ['check', '.'], { RAYON_NUM_THREADS: '1' });
  if (!fdlCheck.statuses.every((s) => s === 0)) {
    notes.push(`fdl check exited with ${fdlCheck.statuses} on the generated flows (expected 0: they are valid)`);
  }
  if (yamllint) {
    const y = cli('yamllint', yamllint, ['.']);
    rows.push([`check ${count} files: yamllint . / fdl check . (2 threads)`, y.ms, fdlCheck.ms]);
    rows.push([`check ${count} files: yamllint . / fdl check . (1 thread)`, y.ms, fdlCheck1.ms]);
  } else {
    notes.push('yamllint not found: skipped (run.sh --install puts it in scripts/compare/.venv)');
    rows.push([`check ${count} files: fdl check . (2 threads)`, null, fdlCheck.ms]);
  }

  const fdlFmt = cli('fdl fmt --check', fdl, ['fmt', '--check', '.']);
  const fdlFmt1 = cli('fdl fmt --check (1 thread)', fdl, ['fmt', '--check', '.'], { RAYON_NUM_THREADS: '1' });
  if (prettier) {
    // --ignore-path with no file: nothing is ignored, whatever .gitignore says around the folder.
    const p = cli('prettier --check', prettier, ['--no-config', '--ignore-path', '', '--check', '.']);
    rows.push([`format check ${count} files, all to reformat: prettier --check . / fdl fmt --check . (2 threads)`, p.ms, fdlFmt.ms]);
    rows.push([`format check ${count} files, all to reformat: prettier --check . / fdl fmt --check . (1 thread)`, p.ms, fdlFmt1.ms]);
  } else {
    notes.push('prettier not found: skipped (run.sh --install puts it in scripts/compare/node_modules)');
    rows.push([`format check ${count} files: fdl fmt --check . (2 threads)`, null, fdlFmt.ms]);
  }

  // Every generated file needs reformatting, so the runs above take fdl's slowest path (the
  // result is parsed, compared and formatted again before "would reformat" is said). In a
  // repository that uses a formatter, most files are already in its style: time that too,
  // each tool on a copy of the files written in its own style.
  const own = (suffix, cmd, args) => {
    const dir = `${flows}-${suffix}`;
    cpSync(flows, dir, { recursive: true });
    const r = spawnSync(cmd, args, { cwd: dir, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${dir} (${r.status})`);
    return dir;
  };
  const fdlDir = own('fdl-formatted', fdl, ['fmt', '.']);
  const timeIn = (label, dir, cmd, args, env = {}) => {
    process.stderr.write(`  timing ${label}...\n`);
    return timeCommand(cmd, args, { env, cwd: dir, runs });
  };
  const fdlFmtClean = timeIn('fdl fmt --check, formatted files', fdlDir, fdl, ['fmt', '--check', '.']);
  const fdlFmtClean1 = timeIn('fdl fmt --check, formatted files (1 thread)', fdlDir, fdl, ['fmt', '--check', '.'], { RAYON_NUM_THREADS: '1' });
  if (!fdlFmtClean.statuses.every((s) => s === 0)) {
    notes.push(`fdl fmt --check exited with ${fdlFmtClean.statuses} on files fdl fmt had just formatted (expected 0)`);
  }
  if (prettier) {
    const prettierArgs = ['--no-config', '--ignore-path', ''];
    const prettierDir = own('prettier-formatted', prettier, [...prettierArgs, '--write', '.']);
    const p = timeIn('prettier --check, formatted files', prettierDir, prettier, [...prettierArgs, '--check', '.']);
    if (!p.statuses.every((s) => s === 0)) {
      notes.push(`prettier --check exited with ${p.statuses} on files prettier --write had just formatted`);
    }
    rows.push([`the same, files already in each tool's style (2 threads)`, p.ms, fdlFmtClean.ms]);
    rows.push([`the same, files already in each tool's style (1 thread)`, p.ms, fdlFmtClean1.ms]);
  } else {
    rows.push([`format check ${count} formatted files: fdl fmt --check . (2 threads)`, null, fdlFmtClean.ms]);
  }

  // Language servers: the same flows, the same edits, the same planted mistake (an unknown
  // `version`, which both the schema and the checker reject; every flow has the line).
  const schemaUri = pathToFileURL(resolve(opts.schema)).href;
  const yamlSettings = {
    yaml: {
      validate: true,
      hover: false,
      completion: false,
      format: { enable: false },
      schemaStore: { enable: false },
      schemas: { [schemaUri]: ['*.yaml'] },
    },
  };
  const mistake = { find: 'version: v1', at: 'version: '.length, old: 'v1', new: 'v9' };
  const lsp = [];
  for (const [label, file, edits] of [
    ['2,000-step flow', opts.big, opts.bigEdits],
    ['~8 KB flow', opts.small, opts.edits],
  ]) {
    const text = readFileSync(file, 'utf8');
    const kb = (Buffer.byteLength(text) / 1024).toFixed(0);
    const uri = pathToFileURL(resolve(file)).href;
    process.stderr.write(`  timing fdl lsp on the ${label}...\n`);
    const f = await lspLatency({ name: 'fdl lsp', cmd: fdl, args: ['lsp'], settings: {}, text, uri, edits, mistake });
    let y = null;
    if (yamlls) {
      process.stderr.write(`  timing yaml-language-server on the ${label}...\n`);
      y = await lspLatency({
        name: 'yaml-language-server', cmd: yamlls, args: ['--stdio'], settings: yamlSettings, text, uri, edits, mistake,
      });
    }
    for (const [who, r] of [['fdl lsp', f], ['yaml-language-server', y]]) {
      if (!r) continue;
      if (!r.sees) notes.push(`${who} did not report the planted mistake on the ${label}: its figures are suspect`);
      if (!r.clean) notes.push(`${who} still reported diagnostics after the mistake was removed on the ${label}`);
      if (!r.incremental) notes.push(`${who} asked for full-text sync: it was sent the whole ${label} on every edit`);
    }
    lsp.push({ label: `${label} (${kb} KB)`, f, y, edits });
  }
  if (!yamlls) notes.push('yaml-language-server not found: skipped (run.sh --install puts it in scripts/compare/node_modules)');

  // The table.
  const header = ['', 'other tool', 'fdl', 'ratio'];
  const lines = rows.map(([what, other, mine]) => [
    what, other == null ? 'skipped' : fmtMs(other), fmtMs(mine), other == null ? '' : `${(other / mine).toFixed(1)}x`,
  ]);
  for (const { label, f, y, edits } of lsp) {
    const fm = median(f.times);
    const ym = y ? median(y.times) : null;
    lines.push([
      `edit -> diagnostics, ${label}, median of ${edits}: yaml-language-server / fdl lsp`,
      ym == null ? 'skipped' : fmtMs(ym), fmtMs(fm), ym == null ? '' : `${(ym / fm).toFixed(1)}x`,
    ]);
    if (ym != null) {
      // yaml-language-server waits a fixed 200 ms after an edit before validating (its
      // validationDelayMs, not configurable): this row leaves the wait out.
      lines.push([
        `  the same, less yaml-language-server's fixed 200 ms delay`,
        fmtMs(ym - YAMLLS_DELAY_MS), fmtMs(fm), `${((ym - YAMLLS_DELAY_MS) / fm).toFixed(1)}x`,
      ]);
    }
    lines.push([
      `  the same, 95th percentile`,
      y ? fmtMs(percentile(y.times, 0.95)) : 'skipped', fmtMs(percentile(f.times, 0.95)),
      y ? `${(percentile(y.times, 0.95) / percentile(f.times, 0.95)).toFixed(1)}x` : '',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmtLine = (l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmtLine(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmtLine(l));
  console.log();
  console.log('ratio = the other tool\'s time / fdl\'s time (higher: fdl is faster).');
  console.log('fdl check and fdl fmt use every core unless RAYON_NUM_THREADS=1; yamllint, prettier and');
  console.log('the servers run on one thread. yamllint checks YAML syntax and style only (default');
  console.log('rules); prettier --check formats each file and compares; yaml-language-server validates');
  console.log('against fdl\'s JSON Schema, a subset of what fdl check reports, 200 ms after each edit');
  console.log('(its built-in validation delay); fdl lsp starts at once.');
  if (notes.length) {
    console.log();
    for (const n of notes) console.log(`note: ${n}`);
  }
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
}

function yamlServerVersion(path) {
  // The server has no --version; read its package.json next to the .bin link.
  for (const p of [join(HERE, 'node_modules', 'yaml-language-server', 'package.json'),
    join(dirname(path), '..', 'lib', 'node_modules', 'yaml-language-server', 'package.json')]) {
    try {
      return JSON.parse(readFileSync(p, 'utf8')).version;
    } catch {
      // Try the next place.
    }
  }
  return 'unknown version';
}

main().catch((e) => {
  console.error(`compare.mjs: ${e.message}`);
  process.exit(1);
});
