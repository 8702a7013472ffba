// The manifest and the code must agree: every command the code registers is declared (and
// the other way round), menus name declared commands, settings read are declared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const source = ['src/extension.ts', 'src/graph/panel.ts'].map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');

test('declared and registered commands are the same', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(registered, declared);
    assert.deepEqual(declared, ['fdl.formatDocument', 'fdl.restartServer', 'fdl.showGraph', 'fdl.showOutput']);
    for (const items of Object.values(manifest.contributes.menus) as { command: string }[][]) {
        for (const item of items) {
            assert.ok(declared.includes(item.command), `menu names ${item.command}`);
        }
    }
});

test('every setting the code reads is declared', () => {
    const declared = Object.keys(manifest.contributes.configuration.properties);
    const read = [...source.matchAll(/(?:get(?:<[^>]+>)?|affectsConfiguration)\('((?:fdl\.)?[a-zA-Z.]+)'/g)].map((m) => (m[1].startsWith('fdl.') ? m[1] : `fdl.${m[1]}`));
    assert.ok(read.length >= 5, `found ${read.join(', ')}`);
    for (const key of read) {
        assert.ok(declared.includes(key), `${key} is read but not declared`);
    }
    // The standard trace setting of a client whose id is `fdl`.
    assert.ok(declared.includes('fdl.trace.server'));
    assert.match(source, /new LanguageClient\('fdl',/);
});

test('activation, entry point and packaging', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml']);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.engines.vscode, '^1.91.0');
    for (const deps of [manifest.dependencies, manifest.devDependencies]) {
        for (const [name, version] of Object.entries(deps)) {
            assert.match(version as string, /^\d+\.\d+\.\d+$/, `${name} is pinned to an exact version`);
        }
    }
    // An untrusted workspace cannot pick the program that is run.
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['fdl.server.path', 'fdl.server.extraArgs']);
    // No yamlValidation: the server validates flows; handing the schema to Red Hat's extension
    // too would show every mistake twice.
    assert.equal(manifest.contributes.yamlValidation, undefined);
    assert.equal(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'), fs.readFileSync(path.join(root, '..', '..', 'LICENSE'), 'utf8'), 'LICENSE is the repository\'s');
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    for (const kept of ['!dist/extension.js', '!dist/webview.js', '!media/**', '!server/fdl', '!LICENSE', '!README.md']) {
        assert.ok(ignore.split('\n').includes(kept), `.vscodeignore keeps ${kept}`);
    }
});
