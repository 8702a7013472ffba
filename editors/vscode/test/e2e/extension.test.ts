// Runs the extension itself (src/extension.ts with vscode-languageclient 11) under Node, with
// test/fake/vscode.ts standing in for VS Code, against the real `fdl lsp`: activation, the
// status bar, diagnostics, the graph view and its messages, the format command, passing
// other YAML files on to another formatter, `fdl.rules`, restart and a missing server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, deactivate } from '../../src/extension';
import { fake, Position, Range, TextEdit, Uri, type FakeDocument, type FakePanel } from '../fake/vscode';

const root = path.join(__dirname, '..', '..');
const fdlBin = process.env.FDL_BIN ? path.resolve(process.env.FDL_BIN) : path.resolve(root, '..', '..', 'target', 'debug', 'fdl');

const FLOW = `version: v1
type: flow
steps:
  - type: pass
    name: prepare
  - type: choice
    name: route
    choices:
      - condition: $.amount > 100
        steps:
          - type: pass
            name: big-order
        goto: shipp
    default:
      goto: ship
  - name: ship
    type: task
    resourceArn: acs:fc:::services/shop/functions/ship
`;

let folder: string;
let flow: FakeDocument;
const subscriptions: { dispose(): unknown }[] = [];

async function until<T>(what: string, probe: () => T | undefined | false, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) {
            return value;
        }
        if (Date.now() > deadline) {
            assert.fail(`timed out waiting for ${what}\noutput:\n${fake.output.join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 25));
    }
}

const status = () => fake.statusItems[0];
const panel = (): FakePanel => fake.panels[fake.panels.length - 1];
const posted = (type: string) => panel().webview.posted.filter((m) => m.type === type);

before(async () => {
    if (!fs.existsSync(fdlBin)) {
        throw new Error(`The fdl binary is not at ${fdlBin}. Build it with \`cargo build -p fdl-cli\`, or set FDL_BIN.`);
    }
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fdl-vscode-ext-'));
    fs.writeFileSync(path.join(folder, 'order.yaml'), FLOW);
    fake.settings.set('fdl.server.path', fdlBin);
    flow = fake.openDocument(path.join(folder, 'order.yaml'), 'yaml', FLOW);
    fake.showEditor(flow);
    const context = {
        subscriptions,
        extensionPath: root,
        extensionUri: Uri.file(root),
        extension: { id: 'fdl-tools.fdl' },
    } as unknown as vscode.ExtensionContext;
    await activate(context);
});

after(async () => {
    await deactivate();
    for (const s of subscriptions) {
        s.dispose();
    }
    fs.rmSync(folder, { recursive: true, force: true });
});

test('activation starts the server and the status bar says it runs', async () => {
    await until('the running status', () => status()?.text === '$(check) fdl');
    assert.ok(status().visible);
    assert.equal(status().command, 'fdl.showOutput');
    assert.match(String(status().tooltip), new RegExp(`running\\n${fdlBin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    assert.ok(fake.output.some((l) => l.includes(`Starting ${fdlBin} lsp (found through fdl.server.path)`)), fake.output.join('\n'));
    for (const command of ['fdl.restartServer', 'fdl.showOutput', 'fdl.formatDocument', 'fdl.showGraph']) {
        assert.ok(fake.commands.has(command), command);
    }
});

test('diagnostics of the open flow reach VS Code', async () => {
    const diagnostics = await until('diagnostics', () => {
        const d = fake.diagnostics.get(flow.uri.toString());
        return d !== undefined && d.length > 0 ? d : undefined;
    });
    assert.equal(diagnostics.length, 1);
    assert.equal((diagnostics[0].code as { value?: string })?.value ?? diagnostics[0].code, 'FDL201');
    assert.equal(diagnostics[0].range.start.line, 12);
});

test('the graph view: drawing, highlight under the cursor, reveal on click, redraw on typing', async () => {
    await fake.commands.get('fdl.showGraph')!();
    const view = panel();
    assert.equal(view.viewType, 'fdl.graph');
    assert.equal(view.title, 'Graph: order.yaml');
    assert.deepEqual(view.options.enableScripts, true);
    assert.match(view.webview.html, /Content-Security-Policy" content="default-src 'none';/);
    assert.match(view.webview.html, /<script nonce="[^"]+" src="vscode-resource:[^"]*\/dist\/webview.js">/);

    const drawn = await until('a drawing', () => posted('graph').find((m) => m.svg !== null));
    assert.match(drawn.svg, /data-id="steps\[1\]"/);
    assert.match(drawn.svg, /class="node step [^"]*error/);
    assert.doesNotMatch(drawn.svg, /<style/);
    assert.match(drawn.css, /\.node rect/);
    assert.equal(drawn.caption, 'order.yaml: 1 error');

    // The webview (re)loads and says it is ready: it gets the drawing again.
    const before = posted('graph').length;
    view.webview.received.fire({ type: 'ready' });
    assert.equal(posted('graph').length, before + 1);

    // The cursor on `big-order`: the nested step is marked.
    const editor = fake.activeEditor!;
    fake.moveCursor(editor, new Position(11, 20));
    assert.deepEqual(posted('highlight').at(-1), { type: 'highlight', id: 'steps[1].choices[0].steps[0]' });
    fake.moveCursor(editor, new Position(0, 0));
    assert.deepEqual(posted('highlight').at(-1), { type: 'highlight', id: null });

    // A click on the `ship` node puts the cursor at the start of that step.
    view.webview.received.fire({ type: 'reveal', id: 'steps[2]' });
    await until('the cursor moved', () => editor.selection.active.line === 15);
    assert.equal(editor.selection.active.character, 4);
    assert.equal(editor.revealed.at(-1)?.start.line, 15);
    // Messages that are not understood are ignored.
    view.webview.received.fire({ type: 'reveal', id: 'steps[99]' });
    view.webview.received.fire({ type: 'evil', id: 'x' });
    view.webview.received.fire('reveal');

    // Fix the typo: after the pause, the drawing comes back without the error.
    const drawings = posted('graph').length;
    flow.edit(new Range(12, 18, 12, 19), '');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(posted('graph').length, drawings, 'not redrawn before the pause');
    const redrawn = await until('a redrawing', () => posted('graph').length > drawings && posted('graph').at(-1));
    assert.doesNotMatch(redrawn.svg, /class="node step [^"]*error/);
    assert.equal(redrawn.caption, 'order.yaml: no problems');
});

test('fdl: Format Flow applies the server\'s edits', async () => {
    await fake.commands.get('fdl.formatDocument')!();
    assert.match(flow.getText(), /  - type: task\n    name: ship\n/);
});

test('with fdl as the YAML formatter, other YAML files go to the other formatter', async () => {
    const formatting = fake.providers.get('formatting') ?? [];
    assert.equal(formatting.length, 1, 'the client registered one formatter');
    const fdlFormatter = formatting[0].provider;
    // Another YAML formatter (Red Hat's), registered by another extension.
    const other = vscode.languages.registerDocumentFormattingEditProvider(
        { language: 'yaml' },
        { provideDocumentFormattingEdits: () => [TextEdit.replace(new Range(0, 0, 0, 0), '# by the other formatter\n')] as unknown as vscode.TextEdit[] },
    );
    try {
        const compose = fake.openDocument(path.join(folder, 'compose.yaml'), 'yaml', 'services:\n  web:\n      image: nginx\n');
        const options = { tabSize: 2, insertSpaces: true };
        const token = new vscode.CancellationTokenSource().token;
        // Whichever formatter VS Code asks first, fdl hands the file on once and stands aside.
        for (const newestFirst of [true, false]) {
            fake.newestFormatterFirst = newestFirst;
            const calls = fake.formatterCalls;
            const passed = await fdlFormatter.provideDocumentFormattingEdits(compose, options, token);
            assert.equal(passed?.length, 1);
            assert.equal(passed[0].newText, '# by the other formatter\n');
            assert.equal(fake.formatterCalls, calls + 1);
        }
        // Turned off: fdl leaves such a file alone.
        fake.settings.set('fdl.format.passOnOtherYaml', false);
        assert.equal(await fdlFormatter.provideDocumentFormattingEdits(compose, options, token), undefined);
        fake.settings.delete('fdl.format.passOnOtherYaml');
        // A flow is fdl's: formatted already, so no edits, and not passed on.
        assert.deepEqual(await fdlFormatter.provideDocumentFormattingEdits(flow, options, token), []);
    } finally {
        other.dispose();
    }
});

test('the graph view can be closed and opened again', async () => {
    const first = panel();
    first.dispose();
    const count = fake.panels.length;
    await fake.commands.get('fdl.showGraph')!();
    assert.equal(fake.panels.length, count + 1, 'a new panel');
    assert.notEqual(panel(), first);
    await until('a drawing in the new panel', () => posted('graph').find((m) => m.svg !== null));
    // The closed panel's webview no longer gets messages.
    const old = first.webview.posted.length;
    fake.moveCursor(fake.activeEditor!, new Position(4, 6));
    assert.equal(first.webview.posted.length, old);
    assert.deepEqual(posted('highlight').at(-1), { type: 'highlight', id: 'steps[0]' });
});

test('fdl.rules changes what is reported', async () => {
    const doc = fake.openDocument(path.join(folder, 'unknown.yaml'), 'yaml', FLOW.replace('goto: shipp', 'goto: ship') + '    nmae: typo\n');
    const codes = () => (fake.diagnostics.get(doc.uri.toString()) ?? []).map((d) => (d.code as { value?: string })?.value ?? d.code);
    await until('FDL102', () => codes().includes('FDL102'));
    fake.setSetting('fdl.rules', { 'unknown-key': 'off' });
    await until('FDL102 gone', () => !codes().includes('FDL102'));
    fake.setSetting('fdl.rules', { 'unknown-key': 7 });
    assert.ok(fake.messages.some((m) => m.severity === 'warning' && /level of "unknown-key"/.test(m.text)));
    fake.setSetting('fdl.rules', {});
    await until('FDL102 back', () => codes().includes('FDL102'));
});

test('a missing server is reported with buttons, and a restart finds it again', async () => {
    fake.setSetting('fdl.server.path', path.join(folder, 'no-such-fdl'));
    await until('the not-found status', () => status().text === '$(warning) fdl');
    const warning = await until('the warning', () => fake.messages.find((m) => /no file at/.test(m.text)));
    assert.deepEqual(warning.items, ['Open Settings', 'How to install']);
    assert.match(String(status().tooltip), /not found/);
    // The graph view says the server is not running.
    await fake.commands.get('fdl.showGraph')!();
    flow.edit(new Range(0, 0, 0, 0), '# a comment\n');
    await until('the notice', () => posted('graph').at(-1)?.message?.includes('not running'));

    fake.setSetting('fdl.server.path', fdlBin);
    await until('running again', () => status().text === '$(check) fdl');
    await fake.commands.get('fdl.restartServer')!();
    await until('running after a restart', () => status().text === '$(check) fdl');
    // The view is drawn again once the server runs.
    await until('a drawing after the restart', () => posted('graph').at(-1)?.svg);
});
