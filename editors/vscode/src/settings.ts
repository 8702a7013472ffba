// How the extension's settings become the server's command line and settings. Pure (no
// `vscode` import): the caller reads the values with `workspace.getConfiguration('fdl')`.

export const LEVELS = ['error', 'warning', 'hint', 'off'] as const;

/** What the server is told about the editor's settings (`initializationOptions`, and the
 * `settings` of `workspace/didChangeConfiguration`): `{ fdl: { rules } }`. */
export interface ServerSettings {
    fdl: { rules: Record<string, string> };
}

export interface Mapped<T> {
    value: T;
    /** Settings that were not understood, in words for the user. */
    problems: string[];
}

/**
 * `fdl.rules` as the server takes it: an object from rule code or name to level. Entries are
 * passed on as written (the server knows the rules, and names the ones it does not know);
 * only what cannot be an entry at all is left out here: a value that is not a string, or a
 * setting that is not an object.
 */
export function mapRules(rules: unknown): Mapped<Record<string, string>> {
    const value: Record<string, string> = {};
    const problems: string[] = [];
    if (rules === undefined || rules === null) {
        return { value, problems };
    }
    if (typeof rules !== 'object' || Array.isArray(rules)) {
        problems.push(`fdl.rules must be an object such as { "FDL203": "error", "unknown-key": "off" }, not ${JSON.stringify(rules)}.`);
        return { value, problems };
    }
    for (const [rule, level] of Object.entries(rules as Record<string, unknown>)) {
        if (typeof level !== 'string') {
            problems.push(`fdl.rules: the level of "${rule}" must be one of ${LEVELS.map((l) => `"${l}"`).join(', ')}, not ${JSON.stringify(level)}.`);
            continue;
        }
        value[rule.trim()] = level.trim().toLowerCase();
    }
    return { value, problems };
}

export function serverSettings(rules: unknown): Mapped<ServerSettings> {
    const mapped = mapRules(rules);
    return { value: { fdl: { rules: mapped.value } }, problems: mapped.problems };
}

/** `fdl.server.extraArgs`: strings only, passed after `fdl lsp`. */
export function mapExtraArgs(args: unknown): Mapped<string[]> {
    if (args === undefined || args === null) {
        return { value: [], problems: [] };
    }
    if (!Array.isArray(args)) {
        return { value: [], problems: [`fdl.server.extraArgs must be a list of strings, not ${JSON.stringify(args)}.`] };
    }
    const value: string[] = [];
    const problems: string[] = [];
    for (const arg of args) {
        if (typeof arg === 'string') {
            value.push(arg);
        } else {
            problems.push(`fdl.server.extraArgs: ${JSON.stringify(arg)} is not a string and is left out.`);
        }
    }
    return { value, problems };
}

/** The command line that starts the server. */
export function serverArgs(extraArgs: string[]): string[] {
    return ['lsp', ...extraArgs];
}

/** Whether two settings objects say the same, so an unrelated settings change does not
 * make the server check every document again. */
export function sameSettings(a: ServerSettings, b: ServerSettings): boolean {
    const ka = Object.keys(a.fdl.rules).sort();
    const kb = Object.keys(b.fdl.rules).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.fdl.rules[k] === b.fdl.rules[k]);
}
