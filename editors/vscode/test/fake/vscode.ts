// A small stand-in for the `vscode` module, enough to run the bundled extension and
// vscode-languageclient under Node: documents, editors, settings, commands, providers, the
// status bar, webviews and messages are recorded for the test to look at and drive. What
// the test does not use is a no-op (see `fallback`), never an error, so that the client's
// feature set can be loaded whole.

/* eslint-disable @typescript-eslint/no-explicit-any */

type Listener<T> = (e: T) => any;

export class Disposable {
    constructor(private readonly fn: () => void = () => undefined) {}
    static from(...items: { dispose(): any }[]): Disposable {
        return new Disposable(() => items.forEach((i) => i.dispose()));
    }
    dispose(): void {
        this.fn();
    }
}

export class EventEmitter<T> {
    private listeners: Listener<T>[] = [];
    event = (listener: Listener<T>, thisArg?: any, disposables?: Disposable[]): Disposable => {
        const bound = thisArg ? listener.bind(thisArg) : listener;
        this.listeners.push(bound);
        const d = new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== bound)));
        disposables?.push(d);
        return d;
    };
    fire(e: T): void {
        for (const l of [...this.listeners]) {
            l(e);
        }
    }
    dispose(): void {
        this.listeners = [];
    }
}

export class CancellationError extends Error {}
export class CancellationTokenSource {
    private readonly emitter = new EventEmitter<void>();
    token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
    cancel(): void {
        this.token.isCancellationRequested = true;
        this.emitter.fire();
    }
    dispose(): void {}
}

export class Uri {
    private constructor(
        readonly scheme: string,
        readonly path: string,
    ) {}
    static file(path: string): Uri {
        return new Uri('file', path);
    }
    static parse(value: string): Uri {
        const m = /^([a-z][a-z0-9+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(value);
        return m ? new Uri(m[1], decodeURIComponent(m[2])) : new Uri('file', value);
    }
    static joinPath(base: Uri, ...parts: string[]): Uri {
        return new Uri(base.scheme, [base.path, ...parts].join('/').replace(/\/+/g, '/'));
    }
    get fsPath(): string {
        return this.path;
    }
    with(change: { scheme?: string; path?: string }): Uri {
        return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
    }
    toString(): string {
        return this.scheme === 'file' ? `file://${encodeURI(this.path)}` : `${this.scheme}:${this.path}`;
    }
    toJSON(): string {
        return this.toString();
    }
}

export class Position {
    constructor(
        readonly line: number,
        readonly character: number,
    ) {}
    isBefore(o: Position): boolean {
        return this.line < o.line || (this.line === o.line && this.character < o.character);
    }
    isEqual(o: Position): boolean {
        return this.line === o.line && this.character === o.character;
    }
}

export class Range {
    readonly start: Position;
    readonly end: Position;
    constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
        this.start = typeof a === 'number' ? new Position(a, b as number) : a;
        this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
    }
    get isEmpty(): boolean {
        return this.start.isEqual(this.end);
    }
}

export class Selection extends Range {
    constructor(
        readonly anchor: Position,
        readonly active: Position,
    ) {
        super(anchor, active);
    }
}

export class TextEdit {
    constructor(
        public range: Range,
        public newText: string,
    ) {}
    static replace(range: Range, newText: string): TextEdit {
        return new TextEdit(range, newText);
    }
}

export class WorkspaceEdit {
    readonly edits = new Map<string, { uri: Uri; edits: TextEdit[] }>();
    set(uri: Uri, edits: TextEdit[]): void {
        this.edits.set(uri.toString(), { uri, edits });
    }
    replace(uri: Uri, range: Range, text: string): void {
        const entry = this.edits.get(uri.toString()) ?? { uri, edits: [] };
        entry.edits.push(new TextEdit(range, text));
        this.edits.set(uri.toString(), entry);
    }
    entries(): [Uri, TextEdit[]][] {
        return [...this.edits.values()].map((e) => [e.uri, e.edits]);
    }
    get size(): number {
        return this.edits.size;
    }
}

export class Diagnostic {
    code: any;
    source: string | undefined;
    tags: any;
    relatedInformation: any;
    constructor(
        public range: Range,
        public message: string,
        public severity: number = 0,
    ) {}
}

export class MarkdownString {
    constructor(
        public value = '',
        public supportThemeIcons = false,
    ) {}
    appendMarkdown(v: string): this {
        this.value += v;
        return this;
    }
}

export class ThemeColor {
    constructor(readonly id: string) {}
}

export class Hover {
    constructor(
        public contents: any,
        public range?: Range,
    ) {}
}

export class Location {
    constructor(
        public uri: Uri,
        public range: Range,
    ) {}
}

export class RelativePattern {
    constructor(
        public base: any,
        public pattern: string,
    ) {}
}

export class DiagnosticRelatedInformation {
    constructor(
        public location: Location,
        public message: string,
    ) {}
}

export const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };
export const DiagnosticTag = { Unnecessary: 1, Deprecated: 2 };
export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ViewColumn = { Active: -1, Beside: -2, One: 1, Two: 2 };
export const TextEditorRevealType = { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 };
export const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 };
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };
export const TextDocumentSaveReason = { Manual: 1, AfterDelay: 2, FocusOut: 3 };
export const version = '1.91.0';

/** A text document whose text the test changes with `edit`. */
export class FakeDocument {
    version = 1;
    isClosed = false;
    isDirty = false;
    isUntitled = false;
    eol = 1;
    constructor(
        readonly uri: Uri,
        readonly languageId: string,
        private text: string,
    ) {}
    get fileName(): string {
        return this.uri.fsPath;
    }
    get lineCount(): number {
        return this.text.split('\n').length;
    }
    getText(range?: Range): string {
        return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
    }
    offsetAt(p: Position): number {
        const lines = this.text.split('\n');
        let offset = 0;
        for (let i = 0; i < p.line && i < lines.length; i++) {
            offset += lines[i].length + 1;
        }
        return Math.min(offset + p.character, this.text.length);
    }
    positionAt(offset: number): Position {
        const before = this.text.slice(0, offset).split('\n');
        return new Position(before.length - 1, before[before.length - 1].length);
    }
    lineAt(line: number): { text: string; range: Range } {
        const text = this.text.split('\n')[line] ?? '';
        return { text, range: new Range(line, 0, line, text.length) };
    }
    save(): Promise<boolean> {
        return Promise.resolve(true);
    }
    /** Replaces `range` by `text`, bumps the version and tells the listeners. */
    edit(range: Range, text: string): void {
        const start = this.offsetAt(range.start);
        const end = this.offsetAt(range.end);
        this.text = this.text.slice(0, start) + text + this.text.slice(end);
        this.version++;
        events.changeDocument.fire({
            document: this,
            contentChanges: [{ range, rangeOffset: start, rangeLength: end - start, text }],
            reason: undefined,
        });
    }
}

export class FakeEditor {
    selection: Selection = new Selection(new Position(0, 0), new Position(0, 0));
    options = { tabSize: 2, insertSpaces: true };
    revealed: Range[] = [];
    constructor(
        readonly document: FakeDocument,
        public viewColumn = 1,
    ) {}
    get selections(): Selection[] {
        return [this.selection];
    }
    revealRange(range: Range): void {
        this.revealed.push(range);
    }
}

const events = {
    changeDocument: new EventEmitter<any>(),
    openDocument: new EventEmitter<any>(),
    closeDocument: new EventEmitter<any>(),
    changeConfiguration: new EventEmitter<any>(),
    changeActiveEditor: new EventEmitter<any>(),
    changeSelection: new EventEmitter<any>(),
    changeVisibleEditors: new EventEmitter<any>(),
};

/** Everything the test looks at or drives. */
export const fake = {
    events,
    settings: new Map<string, unknown>(),
    documents: [] as FakeDocument[],
    editors: [] as FakeEditor[],
    activeEditor: undefined as FakeEditor | undefined,
    commands: new Map<string, (...args: any[]) => any>(),
    providers: new Map<string, { selector: any; provider: any }[]>(),
    diagnostics: new Map<string, Diagnostic[]>(),
    messages: [] as { severity: string; text: string; items: string[] }[],
    output: [] as string[],
    statusItems: [] as { text: string; tooltip: any; command: any; visible: boolean; backgroundColor: any }[],
    panels: [] as FakePanel[],
    appliedEdits: [] as WorkspaceEdit[],
    /** The order in which executeFormatDocumentProvider asks formatters (VS Code: by score, then newest first). */
    newestFormatterFirst: true,
    formatterCalls: 0,
    openDocument(path: string, languageId: string, text: string): FakeDocument {
        const doc = new FakeDocument(Uri.file(path), languageId, text);
        fake.documents.push(doc);
        events.openDocument.fire(doc);
        return doc;
    },
    showEditor(doc: FakeDocument): FakeEditor {
        const editor = fake.editors.find((e) => e.document === doc) ?? new FakeEditor(doc);
        if (!fake.editors.includes(editor)) {
            fake.editors.push(editor);
            events.changeVisibleEditors.fire(fake.editors);
        }
        fake.activeEditor = editor;
        events.changeActiveEditor.fire(editor);
        return editor;
    },
    moveCursor(editor: FakeEditor, position: Position): void {
        editor.selection = new Selection(position, position);
        events.changeSelection.fire({ textEditor: editor, selections: [editor.selection], kind: 1 });
    },
    setSetting(key: string, value: unknown): void {
        fake.settings.set(key, value);
        events.changeConfiguration.fire({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) });
    },
};

class FakeWebview {
    html = '';
    cspSource = 'vscode-webview://fake';
    posted: any[] = [];
    readonly received = new EventEmitter<any>();
    onDidReceiveMessage = this.received.event;
    postMessage(message: any): Promise<boolean> {
        this.posted.push(message);
        return Promise.resolve(true);
    }
    asWebviewUri(uri: Uri): Uri {
        return uri.with({ scheme: 'vscode-resource' });
    }
}

export class FakePanel {
    readonly webview = new FakeWebview();
    title: string;
    visible = true;
    private readonly disposed = new EventEmitter<void>();
    onDidDispose = this.disposed.event;
    onDidChangeViewState = new EventEmitter<any>().event;
    constructor(
        readonly viewType: string,
        title: string,
        readonly showOptions: any,
        readonly options: any,
    ) {
        this.title = title;
    }
    reveal(): void {}
    dispose(): void {
        this.disposed.fire();
    }
}

function matches(selector: any, doc: FakeDocument): number {
    const filters = Array.isArray(selector) ? selector : [selector];
    return filters.some(
        (f: any) => (typeof f === 'string' ? f === doc.languageId : (f.language === undefined || f.language === doc.languageId) && (f.scheme === undefined || f.scheme === doc.uri.scheme)),
    )
        ? 10
        : 0;
}

function register(kind: string) {
    return (selector: any, provider: any) => {
        const list = fake.providers.get(kind) ?? [];
        const entry = { selector, provider };
        list.push(entry);
        fake.providers.set(kind, list);
        return new Disposable(() => list.splice(list.indexOf(entry), 1));
    };
}

/** Any member the test does not care about: callable (returning a disposable), and an event. */
function fallback(name: string): any {
    return new Proxy(function () {}, {
        get: (_t, prop) => (prop === 'then' ? undefined : fallback(`${name}.${String(prop)}`)),
        apply: () => new Disposable(),
        construct: () => ({}),
    });
}

function namespace<T extends object>(name: string, members: T): T {
    return new Proxy(members, {
        get: (target, prop) => (prop in target ? (target as any)[prop] : prop === 'then' ? undefined : fallback(`${name}.${String(prop)}`)),
    });
}

function message(severity: string) {
    return (text: string, ...items: any[]) => {
        fake.messages.push({ severity, text, items: items.filter((i) => typeof i === 'string') });
        return Promise.resolve(undefined);
    };
}

function logChannel(name: string) {
    const log = (level: string) => (text: string) => fake.output.push(`[${level}] ${text}`);
    return namespace('outputChannel', {
        name,
        logLevel: LogLevel.Info,
        onDidChangeLogLevel: new EventEmitter<any>().event,
        append: (t: string) => fake.output.push(t),
        appendLine: (t: string) => fake.output.push(t),
        replace: () => undefined,
        clear: () => undefined,
        show: () => undefined,
        hide: () => undefined,
        dispose: () => undefined,
        trace: log('trace'),
        debug: log('debug'),
        info: log('info'),
        warn: log('warn'),
        error: log('error'),
    });
}

export const window = namespace('window', {
    get activeTextEditor() {
        return fake.activeEditor;
    },
    get visibleTextEditors() {
        return fake.editors;
    },
    onDidChangeActiveTextEditor: events.changeActiveEditor.event,
    onDidChangeTextEditorSelection: events.changeSelection.event,
    onDidChangeVisibleTextEditors: events.changeVisibleEditors.event,
    tabGroups: namespace('tabGroups', { all: [], onDidChangeTabs: new EventEmitter<any>().event, onDidChangeTabGroups: new EventEmitter<any>().event }),
    createOutputChannel: (name: string) => logChannel(name),
    createStatusBarItem: () => {
        const item = {
            text: '',
            tooltip: undefined as any,
            command: undefined as any,
            name: '',
            visible: false,
            backgroundColor: undefined as any,
            show() {
                item.visible = true;
            },
            hide() {
                item.visible = false;
            },
            dispose() {
                item.visible = false;
            },
        };
        fake.statusItems.push(item);
        return item;
    },
    createWebviewPanel: (viewType: string, title: string, showOptions: any, options: any) => {
        const panel = new FakePanel(viewType, title, showOptions, options);
        fake.panels.push(panel);
        return panel;
    },
    showTextDocument: async (doc: FakeDocument, options?: { viewColumn?: number }) => {
        const editor = fake.showEditor(doc);
        if (options?.viewColumn !== undefined) {
            editor.viewColumn = options.viewColumn;
        }
        return editor;
    },
    showInformationMessage: message('info'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    withProgress: (_options: any, task: (p: any, t: any) => any) => task({ report: () => undefined }, new CancellationTokenSource().token),
});

export const workspace = namespace('workspace', {
    get textDocuments() {
        return fake.documents;
    },
    workspaceFolders: undefined as any,
    notebookDocuments: [],
    onDidOpenTextDocument: events.openDocument.event,
    onDidCloseTextDocument: events.closeDocument.event,
    onDidChangeTextDocument: events.changeDocument.event,
    onDidSaveTextDocument: new EventEmitter<any>().event,
    onWillSaveTextDocument: new EventEmitter<any>().event,
    onDidChangeConfiguration: events.changeConfiguration.event,
    onDidChangeWorkspaceFolders: new EventEmitter<any>().event,
    getConfiguration: (section?: string) => ({
        get: (key: string, defaultValue?: unknown) => {
            const full = section ? `${section}.${key}` : key;
            return fake.settings.has(full) ? fake.settings.get(full) : defaultValue;
        },
        has: (key: string) => fake.settings.has(section ? `${section}.${key}` : key),
        inspect: () => undefined,
        update: () => Promise.resolve(),
    }),
    createFileSystemWatcher: () =>
        namespace('watcher', {
            onDidCreate: new EventEmitter<any>().event,
            onDidChange: new EventEmitter<any>().event,
            onDidDelete: new EventEmitter<any>().event,
            dispose: () => undefined,
        }),
    applyEdit: async (edit: WorkspaceEdit) => {
        fake.appliedEdits.push(edit);
        for (const [uri, edits] of edit.entries()) {
            const doc = fake.documents.find((d) => d.uri.toString() === uri.toString());
            if (doc === undefined) {
                return false;
            }
            // From the end, so earlier offsets stay valid.
            const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
            for (const e of sorted) {
                doc.edit(e.range, e.newText);
            }
        }
        return true;
    },
});

export const languages = namespace('languages', {
    match: (selector: any, doc: FakeDocument) => matches(selector, doc),
    createDiagnosticCollection: (name: string) =>
        namespace('diagnosticCollection', {
            name,
            set: (uri: Uri, diagnostics: Diagnostic[] | undefined) => fake.diagnostics.set(uri.toString(), diagnostics ?? []),
            delete: (uri: Uri) => fake.diagnostics.delete(uri.toString()),
            clear: () => fake.diagnostics.clear(),
            dispose: () => undefined,
        }),
    registerDocumentFormattingEditProvider: register('formatting'),
    registerDocumentRangeFormattingEditProvider: register('rangeFormatting'),
    registerHoverProvider: register('hover'),
    registerCompletionItemProvider: register('completion'),
    registerRenameProvider: register('rename'),
});

export const commands = namespace('commands', {
    registerCommand: (id: string, fn: (...args: any[]) => any) => {
        if (fake.commands.has(id)) {
            throw new Error(`command '${id}' already exists`);
        }
        fake.commands.set(id, fn);
        return new Disposable(() => fake.commands.delete(id));
    },
    executeCommand: async (id: string, ...args: any[]) => {
        if (id === 'vscode.executeFormatDocumentProvider') {
            // As VS Code does: every formatter of the document in turn, until one has edits.
            fake.formatterCalls++;
            const [uri, options] = args as [Uri, any];
            const doc = fake.documents.find((d) => d.uri.toString() === uri.toString())!;
            const all = [...(fake.providers.get('formatting') ?? [])];
            for (const { selector, provider } of fake.newestFormatterFirst ? all.reverse() : all) {
                if (matches(selector, doc) === 0) {
                    continue;
                }
                const edits = await provider.provideDocumentFormattingEdits(doc, options, new CancellationTokenSource().token);
                if (edits && edits.length > 0) {
                    return edits;
                }
            }
            return undefined;
        }
        const fn = fake.commands.get(id);
        return fn ? fn(...args) : undefined;
    },
});

export const env = namespace('env', { language: 'en', appName: 'Visual Studio Code', machineId: 'test', openExternal: async () => true });
export const extensions = namespace('extensions', { getExtension: () => undefined, all: [] });
export const notebooks = namespace('notebooks', {});
export const l10n = namespace('l10n', { t: (s: string) => s });

/** Classes the client library extends when it is loaded; plain records here. */
class Item {
    constructor(...args: any[]) {
        Object.assign(this, { args });
    }
}
export class CallHierarchyItem extends Item {}
export class CodeLens extends Item {}
export class CompletionItem extends Item {}
export class DocumentLink extends Item {}
export class InlayHint extends Item {}
export class SymbolInformation extends Item {}
export class TypeHierarchyItem extends Item {}
export class CodeAction extends Item {}

export class CodeActionKind {
    constructor(readonly value: string) {}
    append(part: string): CodeActionKind {
        return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
    }
    static readonly Empty = new CodeActionKind('');
    static readonly QuickFix = new CodeActionKind('quickfix');
    static readonly Refactor = new CodeActionKind('refactor');
    static readonly RefactorExtract = new CodeActionKind('refactor.extract');
    static readonly RefactorInline = new CodeActionKind('refactor.inline');
    static readonly RefactorMove = new CodeActionKind('refactor.move');
    static readonly RefactorRewrite = new CodeActionKind('refactor.rewrite');
    static readonly Source = new CodeActionKind('source');
    static readonly SourceOrganizeImports = new CodeActionKind('source.organizeImports');
    static readonly Notebook = new CodeActionKind('notebook');
}
