import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapExtraArgs, mapRules, sameSettings, serverArgs, serverSettings } from '../../src/settings';

test('fdl.rules is passed on under fdl.rules, levels trimmed and lower-cased', () => {
    const mapped = serverSettings({ FDL203: 'error', 'unknown-service-param': ' Off ' });
    assert.deepEqual(mapped, { value: { fdl: { rules: { FDL203: 'error', 'unknown-service-param': 'off' } } }, problems: [] });
});

test('an unset fdl.rules means the defaults', () => {
    assert.deepEqual(mapRules(undefined), { value: {}, problems: [] });
    assert.deepEqual(mapRules(null), { value: {}, problems: [] });
    assert.deepEqual(mapRules({}), { value: {}, problems: [] });
});

test('unknown rules and levels are left for the server to name', () => {
    // The server knows the rules and levels; the client does not second-guess it.
    assert.deepEqual(mapRules({ 'no-such-rule': 'loud' }).value, { 'no-such-rule': 'loud' });
});

test('what cannot be an entry is left out with a message', () => {
    const mapped = mapRules({ FDL101: 3, FDL102: 'warning', FDL103: null });
    assert.deepEqual(mapped.value, { FDL102: 'warning' });
    assert.equal(mapped.problems.length, 2);
    assert.match(mapped.problems[0], /the level of "FDL101" must be one of "error", "warning", "hint", "off", not 3/);
    assert.match(mapRules(['FDL101']).problems[0], /must be an object/);
    assert.match(mapRules('FDL101=off').problems[0], /must be an object/);
});

test('extra arguments follow `lsp`; non-strings are dropped with a message', () => {
    assert.deepEqual(serverArgs([]), ['lsp']);
    const mapped = mapExtraArgs(['--log', 5, 'x']);
    assert.deepEqual(mapped.value, ['--log', 'x']);
    assert.equal(mapped.problems.length, 1);
    assert.deepEqual(serverArgs(mapped.value), ['lsp', '--log', 'x']);
    assert.deepEqual(mapExtraArgs(undefined), { value: [], problems: [] });
    assert.match(mapExtraArgs('--x').problems[0], /must be a list of strings/);
});

test('settings compare by content, not key order', () => {
    const a = serverSettings({ FDL101: 'off', FDL102: 'hint' }).value;
    const b = serverSettings({ FDL102: 'hint', FDL101: 'off' }).value;
    const c = serverSettings({ FDL102: 'hint' }).value;
    const d = serverSettings({ FDL102: 'hint', FDL101: 'error' }).value;
    assert.ok(sameSettings(a, b));
    assert.ok(!sameSettings(a, c));
    assert.ok(!sameSettings(a, d));
});
