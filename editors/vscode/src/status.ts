// What the status bar item says in each state of the server. Pure, so it is tested.

export type ServerState = 'starting' | 'running' | 'stopped' | 'notFound';

export interface StatusView {
    text: string;
    tooltip: string;
    /** Shown on a warning background: the user has something to fix. */
    warning: boolean;
}

export function statusView(state: ServerState, detail: { command?: string; message?: string } = {}): StatusView {
    const from = detail.command === undefined ? '' : `\n${detail.command}`;
    const click = '\nClick to show the fdl output.';
    switch (state) {
        case 'starting':
            return { text: '$(sync~spin) fdl', tooltip: `fdl: the language server is starting${from}${click}`, warning: false };
        case 'running':
            return { text: '$(check) fdl', tooltip: `fdl: the language server is running${from}${click}`, warning: false };
        case 'stopped':
            return {
                text: '$(circle-slash) fdl',
                tooltip: `fdl: the language server is stopped${detail.message ? ` (${detail.message})` : ''}; run "fdl: Restart Language Server" to start it${click}`,
                warning: true,
            };
        case 'notFound':
            return {
                text: '$(warning) fdl',
                tooltip: `fdl: the language server was not found${detail.message ? `. ${detail.message}` : ''}${click}`,
                warning: true,
            };
    }
}
