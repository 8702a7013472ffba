// The "Show Flow Graph" webview beside the editor: asks the server for `fdl/graph` when the
// document changes (debounced), marks the step under the cursor, and moves the cursor to a
// step clicked in the drawing. The decisions are in model.ts; this file is the `vscode` glue.

import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
    GRAPH_METHOD,
    GraphState,
    drawMessage,
    isGraphReply,
    makeNonce,
    noticeMessage,
    parseFromWebview,
    webviewHtml,
    type ToWebview,
} from './model';

/** How long typing must pause before the graph is drawn again. */
export const REDRAW_DELAY_MS = 150;

export function isYaml(document: vscode.TextDocument): boolean {
    return document.languageId === 'yaml';
}

export class GraphPanel implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private document: vscode.TextDocument | undefined;
    private readonly state = new GraphState();
    private timer: ReturnType<typeof setTimeout> | undefined;
    private readonly disposables: vscode.Disposable[] = [];
    /** The listeners of the open panel, let go when it closes. */
    private panelDisposables: vscode.Disposable[] = [];
    private requests = 0;

    constructor(
        private readonly extensionUri: vscode.Uri,
        private readonly client: () => LanguageClient | undefined,
    ) {
        this.disposables.push(
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document === this.document && event.contentChanges.length > 0) {
                    this.scheduleRedraw();
                }
            }),
            vscode.window.onDidChangeActiveTextEditor((editor) => {
                // Like the Markdown preview, the view follows the YAML file being edited.
                if (this.panel !== undefined && editor !== undefined && isYaml(editor.document)) {
                    this.show(editor.document, false);
                }
            }),
            vscode.window.onDidChangeTextEditorSelection((event) => {
                if (event.textEditor.document === this.document) {
                    this.highlightAt(event.selections[0].active);
                }
            }),
            vscode.workspace.onDidCloseTextDocument((document) => {
                if (document === this.document) {
                    this.post(noticeMessage(this.fileName(), 'The file was closed.'));
                }
            }),
        );
    }

    /** Opens the view (or brings it forward) on `document`. */
    show(document: vscode.TextDocument, reveal = true): void {
        if (this.panel === undefined) {
            this.panel = this.createPanel();
        } else if (reveal) {
            this.panel.reveal(vscode.ViewColumn.Beside, true);
        }
        this.document = document;
        if (this.state.setDocument(document.uri.toString())) {
            this.panel.title = `Graph: ${this.fileName()}`;
            void this.redraw();
        }
    }

    /** Draws again, for instance once the server has (re)started. */
    refresh(): void {
        if (this.panel !== undefined && this.document !== undefined) {
            void this.redraw();
        }
    }

    dispose(): void {
        clearTimeout(this.timer);
        this.panel?.dispose();
        for (const d of this.disposables) {
            d.dispose();
        }
    }

    private createPanel(): vscode.WebviewPanel {
        const media = vscode.Uri.joinPath(this.extensionUri, 'media');
        const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
        const panel = vscode.window.createWebviewPanel(
            'fdl.graph',
            'Flow graph',
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
            { enableScripts: true, localResourceRoots: [media, dist] },
        );
        const webview = panel.webview;
        webview.html = webviewHtml({
            nonce: makeNonce((n) => crypto.randomBytes(n)),
            cspSource: webview.cspSource,
            scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
            styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'graph.css')).toString(),
        });
        webview.onDidReceiveMessage((raw) => this.onMessage(raw), undefined, this.panelDisposables);
        panel.onDidDispose(
            () => {
                this.panel = undefined;
                this.document = undefined;
                this.state.setDocument('');
                clearTimeout(this.timer);
                for (const d of this.panelDisposables.splice(0)) {
                    d.dispose();
                }
            },
            undefined,
            this.panelDisposables,
        );
        return panel;
    }

    private fileName(): string {
        return this.document === undefined ? '' : path.basename(this.document.uri.path);
    }

    private post(message: ToWebview): void {
        if (message.type === 'graph') {
            this.state.lastDrawn = message;
        }
        void this.panel?.webview.postMessage(message);
    }

    private scheduleRedraw(): void {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
    }

    private async redraw(): Promise<void> {
        const document = this.document;
        const client = this.client();
        if (document === undefined || this.panel === undefined) {
            return;
        }
        if (client === undefined || !client.isRunning()) {
            this.post(noticeMessage(this.fileName(), 'The fdl language server is not running: see the fdl output (command "fdl: Show Output").'));
            return;
        }
        const request = ++this.requests;
        let reply: unknown;
        try {
            reply = await client.sendRequest(GRAPH_METHOD, { textDocument: { uri: document.uri.toString() } });
        } catch (error) {
            // A newer request is on its way, or the view moved on: this failure is old news.
            if (request === this.requests && document === this.document) {
                const why = error instanceof Error ? error.message : String(error);
                this.post(noticeMessage(this.fileName(), `The server could not draw the graph: ${why}`));
            }
            return;
        }
        if (document !== this.document) {
            return;
        }
        if (!isGraphReply(reply)) {
            this.post(noticeMessage(this.fileName(), 'The fdl server answered fdl/graph in an unexpected form: is it an older version than the extension?'));
            return;
        }
        if (!this.state.accept(reply)) {
            return;
        }
        this.post(drawMessage(this.fileName(), reply));
        // The webview marks the same step again after drawing; the cursor may be in another now.
        const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
        const highlight = editor === undefined ? undefined : this.state.highlightAt(editor.selection.active);
        if (highlight !== undefined) {
            this.post(highlight);
        }
    }

    private highlightAt(position: vscode.Position): void {
        const message = this.state.highlightAt({ line: position.line, character: position.character });
        if (message !== undefined) {
            this.post(message);
        }
    }

    private onMessage(raw: unknown): void {
        const message = parseFromWebview(raw);
        if (message === undefined) {
            return;
        }
        if (message.type === 'ready') {
            // The webview was (re)loaded: give it what it should show.
            if (this.state.lastDrawn !== undefined) {
                void this.panel?.webview.postMessage(this.state.lastDrawn);
            }
            if (this.state.highlighted !== null) {
                void this.panel?.webview.postMessage({ type: 'highlight', id: this.state.highlighted });
            }
            return;
        }
        void this.revealStep(message.id);
    }

    private async revealStep(id: string): Promise<void> {
        const document = this.document;
        const target = this.state.revealTarget(id);
        if (document === undefined || target === undefined) {
            return;
        }
        const position = new vscode.Position(target.line, target.character);
        const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
        const editor = await vscode.window.showTextDocument(document, {
            viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
            preserveFocus: false,
        });
        editor.selection = new vscode.Selection(position, position);
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
}
