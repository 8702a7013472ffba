// Drives `fdl lsp` as VS Code does: over stdio, with vscode-languageclient 11's client
// capabilities and the extension's initialization options, through
// vscode-languageserver-protocol. The binary is $FDL_BIN, else ../../target/debug/fdl (build
// it with `cargo build -p fdl-cli`).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CompletionRequest,
    DidChangeConfigurationNotification,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    DocumentFormattingRequest,
    ExitNotification,
    HoverRequest,
    InitializeRequest,
    InitializedNotification,
    PrepareRenameRequest,
    PublishDiagnosticsNotification,
    RenameRequest,
    ShutdownRequest,
    type CompletionItem,
    type CompletionList,
    type Diagnostic,
    type InitializeResult,
    type ProtocolConnection,
    type PublishDiagnosticsParams,
    type TextEdit,
    type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { StreamMessageReader, StreamMessageWriter, createProtocolConnection } from 'vscode-languageserver-protocol/node';
import { GRAPH_METHOD, GraphState, drawMessage, isGraphReply, nodeAt, type GraphReply } from '../../src/graph/model';
import { serverArgs, serverSettings } from '../../src/settings';
import { vscodeClientCapabilities } from './vscodeCapabilities';

const root = path.join(__dirname, '..', '..');
const fdlBin = process.env.FDL_BIN ? path.resolve(process.env.FDL_BIN) : path.resolve(root, '..', '..', 'target', 'debug', 'fdl');

// Chinese and an emoji (two UTF-16 units, four UTF-8 bytes) in names: positions must be
// UTF-16, as VS Code counts them.
const FLOW = `# 订单 🚚 pipeline
version: v1
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
        goto: shipp-🚚
    default:
      goto: ship-🚚
  - name: ship-🚚
    type: task
    resourceArn: acs:fc:::services/shop/functions/ship
  - type: pass
    name: done
`;

let server: ChildProcessWithoutNullStreams;
let connection: ProtocolConnection;
let folder: string;
let flowUri: string;
let stderr = '';
let initializeResult: InitializeResult;
const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
const waiters: (() => void)[] = [];

/** Waits until the server has published diagnostics for `uri` that satisfy `ok`. */
async function diagnosticsFor(uri: string, ok: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
        const latest = diagnostics.get(uri)?.at(-1);
        if (latest !== undefined && ok(latest.diagnostics)) {
            return latest.diagnostics;
        }
        if (Date.now() > deadline) {
            assert.fail(`no diagnostics ${what} for ${uri} within 10 s; last: ${JSON.stringify(latest)}\nserver stderr:\n${stderr}`);
        }
        await new Promise<void>((resolve) => {
            waiters.push(resolve);
            setTimeout(resolve, 200);
        });
    }
}

let version = 1;
function open(uri: string, text: string): void {
    void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'yaml', version: version++, text },
    });
}

/** The position of the `n`-th occurrence of `needle` in FLOW, plus `shift` characters (UTF-16). */
function positionOf(needle: string, shift = 0, n = 0): { line: number; character: number } {
    const lines = FLOW.split('\n');
    let seen = 0;
    for (let line = 0; line < lines.length; line++) {
        let from = 0;
        for (;;) {
            const at = lines[line].indexOf(needle, from);
            if (at < 0) {
                break;
            }
            if (seen++ === n) {
                return { line, character: at + shift };
            }
            from = at + 1;
        }
    }
    throw new Error(`${needle} not in the flow`);
}

before(async () => {
    if (!fs.existsSync(fdlBin)) {
        throw new Error(
            `The fdl binary is not at ${fdlBin}. Build it with \`cargo build -p fdl-cli\` at the root of the repository, or set FDL_BIN to its path.`,
        );
    }
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fdl-vscode-e2e-'));
    const flowPath = path.join(folder, 'order.yaml');
    fs.writeFileSync(flowPath, FLOW);
    flowUri = pathToFileURL(flowPath).toString();

    server = spawn(fdlBin, serverArgs([]), { cwd: folder, stdio: 'pipe' });
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        const list = diagnostics.get(params.uri) ?? [];
        list.push(params);
        diagnostics.set(params.uri, list);
        waiters.splice(0).forEach((w) => w());
    });
    // VS Code answers the server's requests (capability registration, configuration).
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onNotification('window/showMessage', () => undefined);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();

    initializeResult = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'Visual Studio Code', version: '1.91.0' },
        locale: 'en',
        rootPath: folder,
        rootUri: pathToFileURL(folder).toString(),
        capabilities: vscodeClientCapabilities(),
        initializationOptions: serverSettings({}).value,
        trace: 'off',
        workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: path.basename(folder) }],
    });
    await connection.sendNotification(InitializedNotification.type, {});
    open(flowUri, FLOW);
});

after(async () => {
    if (connection !== undefined) {
        await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
        await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    }
    if (server !== undefined) {
        await new Promise<void>((resolve) => {
            if (server.exitCode !== null) {
                return resolve();
            }
            const timer = setTimeout(() => {
                server.kill();
                resolve();
            }, 5000);
            server.on('exit', () => {
                clearTimeout(timer);
                resolve();
            });
        });
        assert.equal(server.exitCode, 0, `the server exits cleanly after shutdown; stderr:\n${stderr}`);
    }
    connection?.dispose();
    if (folder !== undefined) {
        fs.rmSync(folder, { recursive: true, force: true });
    }
});

test('the server speaks UTF-16 positions to VS Code and offers what the extension uses', () => {
    const caps = initializeResult.capabilities;
    assert.equal(caps.positionEncoding, 'utf-16');
    assert.ok(caps.completionProvider);
    assert.ok(caps.hoverProvider);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.ok(caps.documentFormattingProvider);
    assert.ok(caps.documentRangeFormattingProvider);
    assert.ok(caps.codeActionProvider);
    assert.ok(caps.semanticTokensProvider);
    assert.equal(initializeResult.serverInfo?.name, 'fdl');
});

test('diagnostics: the misspelt goto target, at its exact place', async () => {
    const found = await diagnosticsFor(flowUri, (d) => d.length > 0, 'at all');
    assert.equal(found.length, 1, JSON.stringify(found));
    const [d] = found;
    assert.equal(d.code, 'FDL201');
    assert.equal(d.severity, 1);
    assert.match(String(d.message), /`shipp-🚚` is not a step in this list: did you mean `ship-🚚`\?/);
    assert.deepEqual(d.range, { start: positionOf('shipp'), end: positionOf('shipp', 'shipp-🚚'.length) });
});

test('completion inside a step offers its fields', async () => {
    // At the start of the empty line after `name: done` (indented like the step's keys).
    const text = FLOW + '    \n';
    const uri = flowUri.replace('order.yaml', 'completion.yaml');
    open(uri, text);
    const result = (await connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: FLOW.split('\n').length - 1, character: 4 },
        context: { triggerKind: 1 },
    })) as CompletionList | CompletionItem[] | null;
    assert.ok(result, 'a completion answer');
    const items = Array.isArray(result) ? result : result.items;
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('end'), `the fields of a pass step: ${labels.join(', ')}`);
    assert.ok(labels.includes('outputMappings'), labels.join(', '));
    assert.ok(!labels.includes('name'), `name is already there: ${labels.join(', ')}`);
});

test('hover on a field explains it in Markdown', async () => {
    const hover = await connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: flowUri },
        position: positionOf('resourceArn', 3),
    });
    assert.ok(hover, 'a hover');
    const contents = hover.contents as { kind: string; value: string };
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /resourceArn/);
});

test('rename of a step renames the gotos that name it', async () => {
    const at = positionOf('ship', 1, 2); // `name: ship`
    const prepared = await connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: flowUri }, position: at });
    assert.ok(prepared, 'the step name can be renamed');
    const edit = (await connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: flowUri },
        position: at,
        newName: 'dispatch',
    })) as WorkspaceEdit | null;
    assert.ok(edit, 'a workspace edit');
    // VS Code announced documentChanges: the edit carries the document's version.
    const changes = edit.documentChanges as { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
    assert.equal(changes.length, 1);
    assert.equal(changes[0].textDocument.uri, flowUri);
    assert.equal(changes[0].textDocument.version, 1);
    const lines = changes[0].edits.map((e) => e.range.start.line).sort((a, b) => a - b);
    // `goto: ship` in the default branch and `name: ship`; not the misspelt `shipp`.
    assert.deepEqual(lines, [positionOf('goto: ship', 0, 1).line, at.line]);
    assert.ok(changes[0].edits.every((e) => e.newText === 'dispatch'));
    for (const e of changes[0].edits) {
        assert.equal(e.range.end.character - e.range.start.character, 'ship-🚚'.length, 'UTF-16 units');
    }
});

test('formatting puts `type` before `name`, and answers null for other YAML', async () => {
    const edits = await connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri: flowUri },
        options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(edits && edits.length > 0, 'edits for the flow');
    const formatted = applyEdits(FLOW, edits);
    assert.match(formatted, /  - type: task\n    name: ship-🚚\n    resourceArn:/);

    const other = flowUri.replace('order.yaml', 'compose.yaml');
    open(other, 'services:\n  web:\n      image: nginx\n');
    const none = await connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri: other },
        options: { tabSize: 2, insertSpaces: true },
    });
    // The extension passes such files on to the other YAML formatter (src/formatting.ts).
    assert.equal(none, null);
});

test('fdl/graph: the drawing, the step ranges, and the version it was drawn from', async () => {
    const reply = await connection.sendRequest<unknown>(GRAPH_METHOD, { textDocument: { uri: flowUri } });
    assert.ok(isGraphReply(reply), `the reply has the promised shape: ${JSON.stringify(reply).slice(0, 300)}`);
    const graph = reply as GraphReply;
    assert.equal(graph.uri, flowUri);
    assert.equal(graph.version, 1);
    assert.equal(graph.message, null);
    assert.ok(graph.svg);
    assert.match(graph.svg, /<g class="node step [^"]*error[^"]*" id="n\d+" data-id="steps\[1\]"/, 'the choice with the bad goto is marked');
    assert.deepEqual(Object.keys(graph.ranges).sort(), ['steps[0]', 'steps[1]', 'steps[1].choices[0].steps[0]', 'steps[2]', 'steps[3]']);
    assert.deepEqual(graph.ranges['steps[0]'].start, positionOf('type: pass'));
    // The cursor on `big-order` is in the nested step, not just in the choice.
    assert.equal(nodeAt(graph.ranges, positionOf('big-order', 2)), 'steps[1].choices[0].steps[0]');
    assert.equal(nodeAt(graph.ranges, positionOf('default')), 'steps[1]');
    const message = drawMessage('order.yaml', graph);
    assert.equal(message.type, 'graph');
    assert.match((message as { caption: string }).caption, /order\.yaml: 1 error/);

    // Every step node of the drawing has a range to reveal.
    const ids = [...graph.svg.matchAll(/<g class="node step[^"]*" id="n\d+" data-id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids.sort(), Object.keys(graph.ranges).sort());
});

test('fdl/graph follows edits; a late reply for an older version is dropped by the view', async () => {
    const state = new GraphState();
    state.setDocument(flowUri);
    const first = (await connection.sendRequest<GraphReply>(GRAPH_METHOD, { textDocument: { uri: flowUri } }));
    assert.ok(state.accept(first));
    // Fix the goto, as the user would type it.
    const at = positionOf('shipp', 4);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: flowUri, version: 2 },
        contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }],
    });
    const second = await connection.sendRequest<GraphReply>(GRAPH_METHOD, { textDocument: { uri: flowUri } });
    assert.equal(second.version, 2);
    assert.doesNotMatch(second.svg ?? '', /class="node step [^"]*error/, 'nothing is marked once the goto is fixed');
    assert.ok(state.accept(second));
    assert.ok(!state.accept(first), 'the reply for version 1 arrives late: dropped');
    await diagnosticsFor(flowUri, (d) => d.length === 0, 'cleared after the fix');
});

test('fdl/graph explains when there is no graph', async () => {
    const other = flowUri.replace('order.yaml', 'values.yaml');
    open(other, 'replicas: 3\n');
    const notFlow = await connection.sendRequest<GraphReply>(GRAPH_METHOD, { textDocument: { uri: other } });
    assert.ok(isGraphReply(notFlow));
    assert.equal(notFlow.svg, null);
    assert.match(notFlow.message ?? '', /not a flow/);
    const closed = await connection.sendRequest<GraphReply>(GRAPH_METHOD, { textDocument: { uri: flowUri.replace('order.yaml', 'never-opened.yaml') } });
    assert.equal(closed.svg, null);
    assert.match(closed.message ?? '', /not open/);
});

test('fdl.rules from the settings turn a rule off and back on', async () => {
    // A key FDL does not know: FDL102 unknown-key, a warning by default.
    const target = flowUri.replace('order.yaml', 'rules.yaml');
    open(target, FLOW.replace('goto: shipp-', 'goto: ship-').replace('    name: done\n', '    name: done\n    nmae: typo\n'));
    await diagnosticsFor(target, (d) => d.some((x) => x.code === 'FDL102'), 'with FDL102');
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings({ 'unknown-key': 'off' }).value });
    await diagnosticsFor(target, (d) => !d.some((x) => x.code === 'FDL102'), 'without FDL102 once it is off');
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings({}).value });
    await diagnosticsFor(target, (d) => d.some((x) => x.code === 'FDL102'), 'with FDL102 again');
});

/** Applies LSP text edits (UTF-16 positions) to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
        if (text[i] === '\n') {
            lineStarts.push(i + 1);
        }
    }
    const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
    const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
    let result = text;
    for (const e of sorted) {
        result = result.slice(0, offset(e.range.start)) + e.newText + result.slice(offset(e.range.end));
    }
    return result;
}
