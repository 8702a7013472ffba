// Where the `fdl` binary is: the `fdl.server.path` setting, else the binary shipped inside a
// platform build of the extension, else `fdl` on PATH. Pure (no `vscode` import), so that the
// search can be tested with any file system, platform and PATH.

import * as path from 'node:path';

export interface ServerSearch {
    /** The `fdl.server.path` setting (empty or blank: not set). */
    configured: string | undefined;
    /** The folder the extension is installed in. */
    extensionPath: string;
    platform: NodeJS.Platform;
    /** The PATH environment variable. */
    pathEnv: string | undefined;
    /** PATHEXT on Windows (`.COM;.EXE;.BAT;.CMD`). */
    pathExt?: string;
    /** The first workspace folder, against which a relative `fdl.server.path` is read. */
    workspaceFolder?: string;
    /** The home folder, for a setting starting `~/`. */
    home?: string;
    /** Whether a regular file exists at this path. */
    isFile: (file: string) => boolean;
}

export type ServerLocation =
    | { kind: 'setting' | 'bundled' | 'path'; command: string }
    | { kind: 'missing'; message: string };

/** The `path` module that matches the platform searched for, so tests can search Windows paths anywhere. */
function pathFor(platform: NodeJS.Platform): path.PlatformPath {
    return platform === 'win32' ? path.win32 : path.posix;
}

/** The binary's file name on that platform. */
export function binaryName(platform: NodeJS.Platform): string {
    return platform === 'win32' ? 'fdl.exe' : 'fdl';
}

/** Where a platform build of the extension carries the server. */
export function bundledServer(extensionPath: string, platform: NodeJS.Platform): string {
    return pathFor(platform).join(extensionPath, 'server', binaryName(platform));
}

/**
 * The `fdl.server.path` setting made absolute: `~/` is the home folder, `${workspaceFolder}`
 * the first workspace folder, and a relative path is read from that folder. `undefined` when
 * it is relative and there is no folder to read it from.
 */
export function expandSetting(setting: string, search: Pick<ServerSearch, 'platform' | 'workspaceFolder' | 'home'>): string | undefined {
    const p = pathFor(search.platform);
    let value = setting.trim();
    if (search.workspaceFolder !== undefined) {
        value = value.split('${workspaceFolder}').join(search.workspaceFolder);
    } else if (value.includes('${workspaceFolder}')) {
        return undefined;
    }
    if (search.home !== undefined && (value === '~' || value.startsWith('~/') || (search.platform === 'win32' && value.startsWith('~\\')))) {
        value = p.join(search.home, value.slice(1));
    }
    if (p.isAbsolute(value)) {
        return p.normalize(value);
    }
    if (search.workspaceFolder === undefined) {
        return undefined;
    }
    return p.resolve(search.workspaceFolder, value);
}

/** The first `fdl` executable on PATH (on Windows, with each PATHEXT extension). */
export function searchPath(search: ServerSearch): string | undefined {
    const p = pathFor(search.platform);
    const separator = search.platform === 'win32' ? ';' : ':';
    const names =
        search.platform === 'win32'
            ? (search.pathExt ?? '.COM;.EXE;.BAT;.CMD')
                  .split(';')
                  .filter((ext) => ext.length > 0)
                  .map((ext) => `fdl${ext.toLowerCase()}`)
            : ['fdl'];
    for (const raw of (search.pathEnv ?? '').split(separator)) {
        // Quotes around a Windows PATH entry are allowed and are not part of the folder.
        const dir = raw.trim().replace(/^"(.*)"$/, '$1');
        // An empty entry would mean the current folder, which is not where a server is looked for.
        if (dir.length === 0) {
            continue;
        }
        for (const name of names) {
            const candidate = p.join(dir, name);
            if (search.isFile(candidate)) {
                return candidate;
            }
        }
    }
    return undefined;
}

/**
 * Finds the server. A `fdl.server.path` that is set wins: when it names no file, that is
 * reported rather than silently replaced by another binary the user did not ask for.
 */
export function findServer(search: ServerSearch): ServerLocation {
    const configured = search.configured?.trim() ?? '';
    if (configured.length > 0) {
        const expanded = expandSetting(configured, search);
        if (expanded === undefined) {
            return {
                kind: 'missing',
                message: `The setting fdl.server.path is "${configured}", a relative path, but no folder is open to read it from. Set it to an absolute path.`,
            };
        }
        if (!search.isFile(expanded)) {
            return {
                kind: 'missing',
                message: `The setting fdl.server.path is "${configured}", but there is no file at ${expanded}.`,
            };
        }
        return { kind: 'setting', command: expanded };
    }
    const bundled = bundledServer(search.extensionPath, search.platform);
    if (search.isFile(bundled)) {
        return { kind: 'bundled', command: bundled };
    }
    const onPath = searchPath(search);
    if (onPath !== undefined) {
        return { kind: 'path', command: onPath };
    }
    return {
        kind: 'missing',
        message:
            'The fdl language server was not found: fdl.server.path is not set, this build of the extension does not include the server, and there is no `fdl` program on PATH.',
    };
}
