// The "Show Flow Graph" view's logic without `vscode`: the `fdl/graph` reply, which node the
// cursor is in, which replies are stale, the messages between the extension and the webview,
// and the webview's HTML. The `vscode` glue is in panel.ts; the webview script in
// ../webview/main.ts.

export const GRAPH_METHOD = 'fdl/graph';

export interface Position {
    line: number;
    character: number;
}

export interface Range {
    start: Position;
    end: Position;
}

/** The reply to `fdl/graph`. `graph` is as `fdl graph --format json` prints it; only the
 * summary is read here. */
export interface GraphReply {
    uri: string;
    version: number | null;
    graph: { summary?: { errors?: number; warnings?: number; hints?: number } } | null;
    svg: string | null;
    ranges: Record<string, Range>;
    message: string | null;
}

/** Messages from the extension to the webview. */
export type ToWebview =
    | {
          type: 'graph';
          /** The drawing without its `<style>` element, which the webview adds with the page's nonce. */
          svg: string | null;
          css: string;
          /** Why there is no drawing, or `null`. */
          message: string | null;
          /** A line under the drawing (the file name and its problems). */
          caption: string;
      }
    | { type: 'highlight'; id: string | null };

/** Messages from the webview to the extension. */
export type FromWebview = { type: 'ready' } | { type: 'reveal'; id: string };

/** Reads a message from the webview; anything else (a malformed or unknown message) is `undefined`. */
export function parseFromWebview(message: unknown): FromWebview | undefined {
    if (typeof message !== 'object' || message === null) {
        return undefined;
    }
    const m = message as Record<string, unknown>;
    if (m.type === 'ready') {
        return { type: 'ready' };
    }
    if (m.type === 'reveal' && typeof m.id === 'string' && m.id.length > 0) {
        return { type: 'reveal', id: m.id };
    }
    return undefined;
}

/** Reads a message from the extension in the webview; anything else is `undefined`. */
export function parseToWebview(message: unknown): ToWebview | undefined {
    if (typeof message !== 'object' || message === null) {
        return undefined;
    }
    const m = message as Record<string, unknown>;
    if (m.type === 'highlight' && (typeof m.id === 'string' || m.id === null)) {
        return { type: 'highlight', id: m.id };
    }
    if (
        m.type === 'graph' &&
        (typeof m.svg === 'string' || m.svg === null) &&
        typeof m.css === 'string' &&
        (typeof m.message === 'string' || m.message === null) &&
        typeof m.caption === 'string'
    ) {
        return { type: 'graph', svg: m.svg, css: m.css, message: m.message, caption: m.caption };
    }
    return undefined;
}

/** Whether a reply has the shape `fdl/graph` promises (a server of another version might not). */
export function isGraphReply(value: unknown): value is GraphReply {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const v = value as Record<string, unknown>;
    return (
        typeof v.uri === 'string' &&
        (typeof v.version === 'number' || v.version === null) &&
        (typeof v.svg === 'string' || v.svg === null) &&
        (typeof v.message === 'string' || v.message === null) &&
        typeof v.ranges === 'object' &&
        v.ranges !== null &&
        Object.values(v.ranges).every(isRange)
    );
}

function isPosition(value: unknown): value is Position {
    const v = value as Position | null;
    return typeof v === 'object' && v !== null && Number.isInteger(v.line) && Number.isInteger(v.character);
}

function isRange(value: unknown): value is Range {
    const v = value as Range | null;
    return typeof v === 'object' && v !== null && isPosition(v.start) && isPosition(v.end);
}

export function comparePositions(a: Position, b: Position): number {
    return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

function contains(range: Range, position: Position): boolean {
    return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** The node whose range holds the position, the smallest when they nest (a step inside a
 * branch of a choice is chosen over the choice); `null` when the position is in no step. */
export function nodeAt(ranges: Record<string, Range>, position: Position): string | null {
    let best: string | null = null;
    let bestRange: Range | undefined;
    for (const [id, range] of Object.entries(ranges)) {
        if (!contains(range, position)) {
            continue;
        }
        // Nested ranges lie inside their parents: the one that starts later, or ends earlier
        // from the same start, is the inner one.
        if (
            bestRange === undefined ||
            comparePositions(range.start, bestRange.start) > 0 ||
            (comparePositions(range.start, bestRange.start) === 0 && comparePositions(range.end, bestRange.end) < 0)
        ) {
            best = id;
            bestRange = range;
        }
    }
    return best;
}

/**
 * What the view shows: the document, the version of the last reply shown, its ranges and the
 * node highlighted. Replies come back out of order when the user types fast; `accept` drops
 * those for another document or older than what is shown.
 */
export class GraphState {
    uri: string | undefined;
    version: number | null = null;
    ranges: Record<string, Range> = {};
    highlighted: string | null = null;
    /** The last message sent to draw, to send again when the webview is reloaded. */
    lastDrawn: ToWebview | undefined;

    /** Shows another document: what was shown of the previous one no longer counts. */
    setDocument(uri: string): boolean {
        if (uri === this.uri) {
            return false;
        }
        this.uri = uri;
        this.version = null;
        this.ranges = {};
        this.highlighted = null;
        this.lastDrawn = undefined;
        return true;
    }

    /** Whether the reply is to be shown; if so, it becomes what is shown. */
    accept(reply: GraphReply): boolean {
        if (reply.uri !== this.uri) {
            return false;
        }
        if (this.version !== null && reply.version !== null && reply.version < this.version) {
            return false;
        }
        this.version = reply.version;
        this.ranges = reply.ranges;
        return true;
    }

    /** The highlight message for the cursor at `position`, or `undefined` when the node
     * highlighted does not change. */
    highlightAt(position: Position): ToWebview | undefined {
        return this.highlight(nodeAt(this.ranges, position));
    }

    highlight(id: string | null): ToWebview | undefined {
        if (id === this.highlighted) {
            return undefined;
        }
        this.highlighted = id;
        return { type: 'highlight', id };
    }

    /** Where to put the cursor for a click on node `id`: the start of its range. */
    revealTarget(id: string): Position | undefined {
        return this.ranges[id]?.start;
    }
}

/** Splits fdl's SVG into the drawing and its `<style>` sheet: under the webview's
 * Content-Security-Policy an inline style element only counts with the page's nonce, which
 * the webview gives it. */
export function splitSvgStyle(svg: string): { svg: string; css: string } {
    const css: string[] = [];
    const rest = svg.replace(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/g, (_all, sheet: string) => {
        css.push(sheet);
        return '';
    });
    return { svg: rest, css: css.join('\n') };
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The line under the drawing: the file and its problems. */
export function caption(fileName: string, reply: GraphReply): string {
    const summary = reply.graph?.summary;
    if (reply.svg === null || summary === undefined) {
        return fileName;
    }
    const parts: string[] = [];
    if (summary.errors) {
        parts.push(plural(summary.errors, 'error'));
    }
    if (summary.warnings) {
        parts.push(plural(summary.warnings, 'warning'));
    }
    return parts.length === 0 ? `${fileName}: no problems` : `${fileName}: ${parts.join(', ')}`;
}

/** The message that draws a reply. */
export function drawMessage(fileName: string, reply: GraphReply): ToWebview {
    if (reply.svg === null) {
        return { type: 'graph', svg: null, css: '', message: reply.message ?? 'There is no graph to show.', caption: fileName };
    }
    const { svg, css } = splitSvgStyle(reply.svg);
    return { type: 'graph', svg, css, message: null, caption: caption(fileName, reply) };
}

/** A message shown in place of the drawing. */
export function noticeMessage(fileName: string, message: string): ToWebview {
    return { type: 'graph', svg: null, css: '', message, caption: fileName };
}

/** A nonce for the Content-Security-Policy: 32 random bytes, base64 (letters, digits, + and /). */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
    return btoa(String.fromCharCode(...randomBytes(32)));
}

function escapeAttribute(value: string): string {
    return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The webview page. Its policy allows nothing from the network: scripts only with the nonce
 * (the bundled script), styles from the extension and the nonce'd sheet of the drawing,
 * images only inline.
 */
export function webviewHtml(options: { nonce: string; cspSource: string; scriptUri: string; styleUri: string }): string {
    const nonce = escapeAttribute(options.nonce);
    const csp = [
        "default-src 'none'",
        `img-src ${options.cspSource} data:`,
        `style-src ${options.cspSource} 'nonce-${options.nonce}'`,
        `script-src 'nonce-${options.nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>Flow graph</title>
</head>
<body>
<div id="caption" class="fdl-caption" role="status"></div>
<div id="message" class="fdl-message" hidden></div>
<div id="drawing" class="fdl-drawing" hidden></div>
<script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
