import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    GraphState,
    caption,
    drawMessage,
    isGraphReply,
    makeNonce,
    nodeAt,
    parseFromWebview,
    parseToWebview,
    splitSvgStyle,
    webviewHtml,
    type GraphReply,
    type Range,
} from '../../src/graph/model';

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({
    start: { line: l1, character: c1 },
    end: { line: l2, character: c2 },
});

// A choice (lines 2-12) with a branch step (5-7), then a step after it (13-15).
const ranges: Record<string, Range> = {
    'steps[0]': r(2, 4, 12, 20),
    'steps[0].choices[0].steps[0]': r(5, 12, 7, 30),
    'steps[1]': r(13, 4, 15, 10),
};

function reply(version: number | null, extra: Partial<GraphReply> = {}): GraphReply {
    return { uri: 'file:///f.yaml', version, graph: null, svg: '<svg></svg>', ranges, message: null, ...extra };
}

test('the cursor maps to the smallest step holding it', () => {
    assert.equal(nodeAt(ranges, { line: 6, character: 0 }), 'steps[0].choices[0].steps[0]');
    assert.equal(nodeAt(ranges, { line: 3, character: 0 }), 'steps[0]');
    assert.equal(nodeAt(ranges, { line: 12, character: 20 }), 'steps[0]');
    assert.equal(nodeAt(ranges, { line: 14, character: 2 }), 'steps[1]');
    assert.equal(nodeAt(ranges, { line: 0, character: 0 }), null);
    assert.equal(nodeAt(ranges, { line: 2, character: 3 }), null);
    assert.equal(nodeAt({}, { line: 1, character: 1 }), null);
    // Two ranges from the same start: the shorter one is inside.
    assert.equal(nodeAt({ outer: r(1, 0, 9, 0), inner: r(1, 0, 4, 0) }, { line: 2, character: 0 }), 'inner');
});

test('older replies and replies for another document are dropped', () => {
    const state = new GraphState();
    state.setDocument('file:///f.yaml');
    assert.ok(state.accept(reply(3)));
    assert.ok(!state.accept(reply(2)), 'older than shown');
    assert.ok(state.accept(reply(3)), 'the same version again (new diagnostics) is shown');
    assert.ok(state.accept(reply(7)));
    assert.equal(state.version, 7);
    assert.ok(!state.accept({ ...reply(9), uri: 'file:///other.yaml' }));
    // Another document: its first reply counts whatever its version.
    assert.ok(state.setDocument('file:///other.yaml'));
    assert.ok(!state.setDocument('file:///other.yaml'));
    assert.ok(state.accept({ ...reply(1), uri: 'file:///other.yaml' }));
});

test('highlight messages are sent only when the step under the cursor changes', () => {
    const state = new GraphState();
    state.setDocument('file:///f.yaml');
    state.accept(reply(1));
    assert.deepEqual(state.highlightAt({ line: 6, character: 1 }), { type: 'highlight', id: 'steps[0].choices[0].steps[0]' });
    assert.equal(state.highlightAt({ line: 6, character: 9 }), undefined);
    assert.deepEqual(state.highlightAt({ line: 3, character: 0 }), { type: 'highlight', id: 'steps[0]' });
    assert.deepEqual(state.highlightAt({ line: 0, character: 0 }), { type: 'highlight', id: null });
    assert.equal(state.highlightAt({ line: 1, character: 0 }), undefined);
});

test('a click reveals the start of the step', () => {
    const state = new GraphState();
    state.setDocument('file:///f.yaml');
    state.accept(reply(1));
    assert.deepEqual(state.revealTarget('steps[1]'), { line: 13, character: 4 });
    assert.equal(state.revealTarget('steps[9]'), undefined);
    assert.equal(state.revealTarget('start'), undefined);
    assert.equal(state.revealTarget('__proto__'), undefined);
});

test('messages from the webview are checked', () => {
    assert.deepEqual(parseFromWebview({ type: 'reveal', id: 'steps[2]' }), { type: 'reveal', id: 'steps[2]' });
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.equal(parseFromWebview({ type: 'reveal' }), undefined);
    assert.equal(parseFromWebview({ type: 'reveal', id: 4 }), undefined);
    assert.equal(parseFromWebview({ type: 'reveal', id: '' }), undefined);
    assert.equal(parseFromWebview({ type: 'run', command: 'rm' }), undefined);
    assert.equal(parseFromWebview(null), undefined);
    assert.equal(parseFromWebview('reveal'), undefined);
});

test('messages to the webview are checked', () => {
    assert.deepEqual(parseToWebview({ type: 'highlight', id: null }), { type: 'highlight', id: null });
    assert.deepEqual(parseToWebview({ type: 'highlight', id: 'steps[0]' }), { type: 'highlight', id: 'steps[0]' });
    assert.equal(parseToWebview({ type: 'highlight' }), undefined);
    const draw = { type: 'graph', svg: '<svg/>', css: '', message: null, caption: 'f.yaml' };
    assert.deepEqual(parseToWebview(draw), draw);
    assert.equal(parseToWebview({ ...draw, svg: 3 }), undefined);
    assert.equal(parseToWebview({ ...draw, caption: undefined }), undefined);
    assert.equal(parseToWebview(undefined), undefined);
});

test('replies are checked before use', () => {
    assert.ok(isGraphReply(reply(1)));
    assert.ok(isGraphReply(reply(null, { svg: null, ranges: {}, message: 'the document is not open' })));
    assert.ok(!isGraphReply(null));
    assert.ok(!isGraphReply({ ...reply(1), ranges: { a: { start: { line: 0 } } } }));
    assert.ok(!isGraphReply({ ...reply(1), version: '1' }));
    assert.ok(!isGraphReply({ ...reply(1), ranges: null }));
});

test("fdl's SVG is split into the drawing and its style sheet", () => {
    const svg = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'docs', 'graph-example.svg'), 'utf8');
    assert.match(svg, /<style>/);
    const split = splitSvgStyle(svg);
    assert.doesNotMatch(split.svg, /<style|<\/style>/);
    assert.match(split.svg, /^<svg /);
    assert.match(split.svg, /<g class="node step [^"]*" id="n\d+" data-id="steps\[0\]"/);
    assert.match(split.css, /\.node rect/);
    assert.match(split.css, /\.step\.error rect/);
    assert.equal(split.svg.length + split.css.length + '<style></style>'.length, svg.length);
    assert.deepEqual(splitSvgStyle('<svg><g/></svg>'), { svg: '<svg><g/></svg>', css: '' });
});

test('the draw message carries the reason when there is no graph, and counts problems', () => {
    const none = drawMessage('f.yaml', reply(1, { svg: null, message: 'this file is not a flow' }));
    assert.deepEqual(none, { type: 'graph', svg: null, css: '', message: 'this file is not a flow', caption: 'f.yaml' });
    const drawn = drawMessage('f.yaml', reply(1, { svg: '<svg><style>.a{}</style><g/></svg>', graph: { summary: { errors: 1, warnings: 2, hints: 0 } } }));
    assert.deepEqual(drawn, { type: 'graph', svg: '<svg><g/></svg>', css: '.a{}', message: null, caption: 'f.yaml: 1 error, 2 warnings' });
    assert.equal(caption('f.yaml', reply(1, { graph: { summary: { errors: 0, warnings: 0, hints: 3 } } })), 'f.yaml: no problems');
});

test('the page allows nothing but its own script and styles', () => {
    const nonce = makeNonce((n) => new Uint8Array(n).fill(7));
    assert.match(nonce, /^[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(makeNonce((n) => new Uint8Array(n).fill(1)), nonce);
    const html = webviewHtml({ nonce, cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/graph.css' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.ok(csp);
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/\*|\*/);
    assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/]/g, '\\$&')}" src="https://x/dist/webview.js"></script>`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    // An attribute value cannot break out of its quotes.
    assert.doesNotMatch(webviewHtml({ nonce, cspSource: 'a', scriptUri: '"><script>', styleUri: 's' }), /"><script>/);
});
