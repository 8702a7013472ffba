// The fdl extension: starts `fdl lsp` for YAML files (the server decides which are flows),
// shows its state in the status bar, forwards the `fdl.rules` setting, and offers the flow
// graph view. Everything a flow gets (diagnostics, completion, hover, navigation, rename,
// code actions, formatting, semantic highlighting) comes from the server.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    DocumentFormattingRequest,
    LanguageClient,
    State,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node';
import { GraphPanel, isYaml } from './graph/panel';
import { PassOn } from './formatting';
import { findServer } from './serverPath';
import { mapExtraArgs, sameSettings, serverArgs, serverSettings, type ServerSettings } from './settings';
import { statusView, type ServerState } from './status';

const SELECTOR = [
    { language: 'yaml', scheme: 'file' },
    { language: 'yaml', scheme: 'untitled' },
];

let extension: Fdl | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    extension = new Fdl(context);
    context.subscriptions.push(extension);
    await extension.start();
}

export async function deactivate(): Promise<void> {
    await extension?.stop();
    extension = undefined;
}

function isFile(file: string): boolean {
    try {
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

/** The .vsix keeps the bundled server's executable bit, but an unzip tool may not: restore it. */
function ensureExecutable(file: string): void {
    if (process.platform === 'win32') {
        return;
    }
    try {
        fs.accessSync(file, fs.constants.X_OK);
    } catch {
        try {
            fs.chmodSync(file, 0o755);
        } catch {
            // Starting it will fail with a message that names the file.
        }
    }
}

class Fdl implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private readonly output: vscode.LogOutputChannel;
    private readonly status: vscode.StatusBarItem;
    private readonly graph: GraphPanel;
    private readonly passOn = new PassOn();
    private sentSettings: ServerSettings | undefined;
    private readonly disposables: vscode.Disposable[] = [];
    /** Starts and stops one at a time: a restart while starting waits for the start. */
    private queue: Promise<void> = Promise.resolve();

    constructor(private readonly context: vscode.ExtensionContext) {
        this.output = vscode.window.createOutputChannel('fdl', { log: true });
        this.status = vscode.window.createStatusBarItem('fdl.status', vscode.StatusBarAlignment.Right, 100);
        this.status.name = 'fdl language server';
        this.status.command = 'fdl.showOutput';
        this.graph = new GraphPanel(context.extensionUri, () => this.client);
        this.disposables.push(
            this.output,
            this.status,
            this.graph,
            vscode.commands.registerCommand('fdl.restartServer', () => this.restart()),
            vscode.commands.registerCommand('fdl.showOutput', () => this.output.show(true)),
            vscode.commands.registerCommand('fdl.formatDocument', () => this.formatActive()),
            vscode.commands.registerCommand('fdl.showGraph', (uri?: vscode.Uri) => this.showGraph(uri)),
            vscode.workspace.onDidChangeConfiguration((event) => this.onConfiguration(event)),
        );
    }

    dispose(): void {
        for (const d of this.disposables) {
            d.dispose();
        }
    }

    start(): Promise<void> {
        return this.enqueue(() => this.doStart());
    }

    stop(): Promise<void> {
        return this.enqueue(() => this.doStop());
    }

    private restart(): Promise<void> {
        this.output.info('Restarting the language server.');
        return this.enqueue(async () => {
            await this.doStop();
            await this.doStart();
        });
    }

    private enqueue(job: () => Promise<void>): Promise<void> {
        this.queue = this.queue.then(job, job);
        return this.queue;
    }

    private setStatus(state: ServerState, detail: { command?: string; message?: string } = {}): void {
        const view = statusView(state, detail);
        this.status.text = view.text;
        this.status.tooltip = view.tooltip;
        this.status.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        this.status.show();
    }

    private settings(): ServerSettings {
        const mapped = serverSettings(vscode.workspace.getConfiguration('fdl').get('rules'));
        for (const problem of mapped.problems) {
            this.output.warn(problem);
            void vscode.window.showWarningMessage(problem);
        }
        return mapped.value;
    }

    private async doStart(): Promise<void> {
        const config = vscode.workspace.getConfiguration('fdl');
        const location = findServer({
            configured: config.get<string>('server.path'),
            extensionPath: this.context.extensionPath,
            platform: process.platform,
            pathEnv: process.env.PATH,
            pathExt: process.env.PATHEXT,
            workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
            home: os.homedir(),
            isFile,
        });
        if (location.kind === 'missing') {
            this.output.error(location.message);
            this.setStatus('notFound', { message: location.message });
            void this.notFound(location.message);
            return;
        }
        if (location.kind === 'bundled') {
            ensureExecutable(location.command);
        }
        const extraArgs = mapExtraArgs(config.get('server.extraArgs'));
        for (const problem of extraArgs.problems) {
            this.output.warn(problem);
        }
        const command = location.command;
        const args = serverArgs(extraArgs.value);
        this.output.info(`Starting ${command} ${args.join(' ')} (found ${location.kind === 'path' ? 'on PATH' : location.kind === 'bundled' ? 'in the extension' : 'through fdl.server.path'}).`);
        this.setStatus('starting', { command });

        const serverOptions: ServerOptions = { command, args };
        const settings = this.settings();
        const clientOptions: LanguageClientOptions = {
            documentSelector: SELECTOR,
            outputChannel: this.output,
            initializationOptions: settings,
            middleware: {
                provideDocumentFormattingEdits: (document, options, token, next) =>
                    this.passOn.format(
                        document.uri.toString(),
                        this.passOnEnabled(document),
                        async () => next(document, options, token),
                        () => vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options),
                    ),
                provideDocumentRangeFormattingEdits: (document, range, options, token, next) =>
                    this.passOn.format(
                        document.uri.toString(),
                        this.passOnEnabled(document),
                        async () => next(document, range, options, token),
                        () => vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatRangeProvider', document.uri, range, options),
                    ),
            },
        };
        const client = new LanguageClient('fdl', 'fdl', serverOptions, clientOptions);
        this.client = client;
        this.sentSettings = settings;
        client.onDidChangeState((event) => {
            if (client !== this.client) {
                return;
            }
            if (event.newState === State.Running) {
                this.setStatus('running', { command });
                this.graph.refresh();
            } else if (event.newState === State.Starting) {
                this.setStatus('starting', { command });
            } else {
                this.setStatus('stopped', { command });
            }
        });
        try {
            await client.start();
        } catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            this.output.error(`The language server did not start: ${why}`);
            this.setStatus('stopped', { command, message: why });
            void vscode.window
                .showErrorMessage(`fdl: the language server (${command}) did not start: ${why}`, 'Show Output', 'Open Settings')
                .then((choice) => this.onChoice(choice));
        }
    }

    private async doStop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client === undefined) {
            return;
        }
        try {
            if (client.isRunning()) {
                await client.stop(2000);
            }
        } catch (error) {
            this.output.warn(`The language server did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        }
        await client.dispose().catch(() => undefined);
        this.setStatus('stopped');
    }

    private async notFound(message: string): Promise<void> {
        const choice = await vscode.window.showWarningMessage(`fdl: ${message}`, 'Open Settings', 'How to install');
        this.onChoice(choice);
    }

    private onChoice(choice: string | undefined): void {
        if (choice === 'Open Settings') {
            void vscode.commands.executeCommand('workbench.action.openSettings', 'fdl.server');
        } else if (choice === 'How to install') {
            // The extension's own page (its README, with the Requirements section) works offline.
            void vscode.commands.executeCommand('extension.open', this.context.extension.id);
        } else if (choice === 'Show Output') {
            this.output.show(true);
        }
    }

    private passOnEnabled(document: vscode.TextDocument): boolean {
        return vscode.workspace.getConfiguration('fdl', document).get<boolean>('format.passOnOtherYaml', true);
    }

    private onConfiguration(event: vscode.ConfigurationChangeEvent): void {
        if (event.affectsConfiguration('fdl.server.path') || event.affectsConfiguration('fdl.server.extraArgs')) {
            void this.restart();
            return;
        }
        if (event.affectsConfiguration('fdl.rules')) {
            const settings = this.settings();
            const client = this.client;
            if (client !== undefined && client.isRunning() && (this.sentSettings === undefined || !sameSettings(settings, this.sentSettings))) {
                this.sentSettings = settings;
                void client.sendNotification(DidChangeConfigurationNotification.type, { settings });
            }
        }
    }

    private showGraph(uri?: vscode.Uri): void {
        const editor = vscode.window.activeTextEditor;
        const document =
            uri === undefined ? editor?.document : vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document === undefined || !isYaml(document)) {
            void vscode.window.showInformationMessage('fdl: open a flow (a YAML file) to see its graph.');
            return;
        }
        this.graph.show(document);
    }

    /** Formats the active flow with fdl, whichever formatter is the default for YAML. */
    private async formatActive(): Promise<void> {
        const editor = vscode.window.activeTextEditor;
        if (editor === undefined || !isYaml(editor.document)) {
            void vscode.window.showInformationMessage('fdl: open a flow (a YAML file) to format it.');
            return;
        }
        const client = this.client;
        if (client === undefined || !client.isRunning()) {
            void vscode.window.showWarningMessage('fdl: the language server is not running.', 'Show Output').then((c) => this.onChoice(c));
            return;
        }
        const document = editor.document;
        const version = document.version;
        const result = await client.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri: document.uri.toString() },
            options: {
                tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 2,
                insertSpaces: editor.options.insertSpaces !== false,
            },
        });
        if (result === null) {
            void vscode.window.showInformationMessage('fdl: this file is not a flow (a flow has `type: flow` at the top level), so fdl does not format it.');
            return;
        }
        if (document.version !== version) {
            return; // Edited meanwhile: the edits no longer fit; the user can run it again.
        }
        const edits = await client.protocol2CodeConverter.asTextEdits(result);
        if (edits === undefined || edits.length === 0) {
            return;
        }
        const edit = new vscode.WorkspaceEdit();
        edit.set(document.uri, edits);
        await vscode.workspace.applyEdit(edit);
    }
}
