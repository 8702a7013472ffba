// Formatting of YAML files that are not flows. The server formats flows only and answers
// `null` for any other YAML file. When fdl is the default formatter for YAML
// (`"[yaml]": { "editor.defaultFormatter": ... }`), such a file is passed on to the other YAML
// formatters (Red Hat's) through VS Code's `vscode.executeFormatDocumentProvider` command,
// which asks every formatter in turn, fdl included: this guard makes fdl stand aside while
// its own request is out. Pure (no `vscode` import), so it is tested.

export class PassOn {
    private readonly busy = new Set<string>();

    /**
     * `fromFdl` asks the server; when it has nothing to say about the document (not a flow)
     * and passing on is enabled, `fromOthers` asks the other formatters. While that is under
     * way, a call for the same document (VS Code asking fdl again) answers `undefined`, so the
     * next formatter in line answers instead.
     */
    async format<T>(
        uri: string,
        enabled: boolean,
        fromFdl: () => PromiseLike<T[] | null | undefined>,
        fromOthers: () => PromiseLike<T[] | null | undefined>,
    ): Promise<T[] | undefined> {
        if (this.busy.has(uri)) {
            return undefined;
        }
        const own = await fromFdl();
        if (own !== null && own !== undefined) {
            return own;
        }
        if (!enabled) {
            return undefined;
        }
        this.busy.add(uri);
        try {
            return (await fromOthers()) ?? undefined;
        } finally {
            this.busy.delete(uri);
        }
    }
}
