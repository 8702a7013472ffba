import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledServer, expandSetting, findServer, searchPath, type ServerSearch } from '../../src/serverPath';

function search(files: string[], overrides: Partial<ServerSearch> = {}): ServerSearch {
    const set = new Set(files);
    return {
        configured: undefined,
        extensionPath: '/ext',
        platform: 'linux',
        pathEnv: '/usr/local/bin:/usr/bin',
        workspaceFolder: '/work/project',
        home: '/home/ana',
        isFile: (f) => set.has(f),
        ...overrides,
    };
}

test('the setting wins over the bundled server and PATH', () => {
    const s = search(['/opt/fdl/bin/fdl', '/ext/server/fdl', '/usr/bin/fdl'], { configured: '/opt/fdl/bin/fdl' });
    assert.deepEqual(findServer(s), { kind: 'setting', command: '/opt/fdl/bin/fdl' });
});

test('a setting that names no file is reported, not replaced by another binary', () => {
    const s = search(['/ext/server/fdl', '/usr/bin/fdl'], { configured: '/opt/missing/fdl' });
    const found = findServer(s);
    assert.equal(found.kind, 'missing');
    assert.match((found as { message: string }).message, /fdl\.server\.path is "\/opt\/missing\/fdl", but there is no file at \/opt\/missing\/fdl/);
});

test('a blank setting counts as not set', () => {
    const s = search(['/usr/bin/fdl'], { configured: '   ' });
    assert.deepEqual(findServer(s), { kind: 'path', command: '/usr/bin/fdl' });
});

test('~, ${workspaceFolder} and relative settings are expanded', () => {
    assert.equal(expandSetting('~/bin/fdl', search([])), '/home/ana/bin/fdl');
    assert.equal(expandSetting('${workspaceFolder}/target/debug/fdl', search([])), '/work/project/target/debug/fdl');
    assert.equal(expandSetting('target/debug/fdl', search([])), '/work/project/target/debug/fdl');
    assert.equal(expandSetting('../fdl/target/debug/fdl', search([])), '/work/fdl/target/debug/fdl');
    assert.equal(expandSetting('target/debug/fdl', search([], { workspaceFolder: undefined })), undefined);
    assert.equal(expandSetting('${workspaceFolder}/fdl', search([], { workspaceFolder: undefined })), undefined);
    // `~user` is not the home folder of the current user: left as a relative name.
    assert.equal(expandSetting('~bob/fdl', search([])), '/work/project/~bob/fdl');
});

test('a relative setting without a workspace folder says so', () => {
    const found = findServer(search([], { configured: 'bin/fdl', workspaceFolder: undefined }));
    assert.equal(found.kind, 'missing');
    assert.match((found as { message: string }).message, /relative path, but no folder is open/);
});

test('the bundled server comes before PATH', () => {
    const s = search(['/ext/server/fdl', '/usr/bin/fdl']);
    assert.deepEqual(findServer(s), { kind: 'bundled', command: '/ext/server/fdl' });
});

test('PATH is searched in order, skipping empty entries', () => {
    const s = search(['/usr/bin/fdl', '/usr/local/bin/fdl', 'fdl'], { pathEnv: ':/usr/local/bin::/usr/bin' });
    assert.equal(searchPath(s), '/usr/local/bin/fdl');
    assert.equal(searchPath(search(['fdl'], { pathEnv: '' })), undefined);
    assert.equal(searchPath(search([], { pathEnv: undefined })), undefined);
});

test('on Windows the binary is fdl.exe, and PATH uses ; and PATHEXT', () => {
    assert.equal(bundledServer('C:\\ext', 'win32'), 'C:\\ext\\server\\fdl.exe');
    const s = search(['C:\\Tools\\fdl.exe'], {
        platform: 'win32',
        extensionPath: 'C:\\ext',
        pathEnv: 'C:\\Windows;"C:\\Tools"',
        pathExt: '.COM;.EXE;.BAT',
        workspaceFolder: 'C:\\work',
    });
    assert.deepEqual(findServer(s), { kind: 'path', command: 'C:\\Tools\\fdl.exe' });
    const bundled = search(['C:\\ext\\server\\fdl.exe'], { platform: 'win32', extensionPath: 'C:\\ext', pathEnv: '' });
    assert.deepEqual(findServer(bundled), { kind: 'bundled', command: 'C:\\ext\\server\\fdl.exe' });
    assert.equal(
        expandSetting('tools\\fdl.exe', { platform: 'win32', workspaceFolder: 'C:\\work', home: 'C:\\Users\\ana' }),
        'C:\\work\\tools\\fdl.exe',
    );
});

test('nothing found: a message that says where fdl was looked for', () => {
    const found = findServer(search([]));
    assert.equal(found.kind, 'missing');
    const message = (found as { message: string }).message;
    assert.match(message, /fdl\.server\.path is not set/);
    assert.match(message, /does not include the server/);
    assert.match(message, /no `fdl` program on PATH/);
});
