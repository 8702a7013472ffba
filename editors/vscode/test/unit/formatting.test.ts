import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassOn } from '../../src/formatting';

test("a flow is formatted by fdl's own edits, also when there are none", async () => {
    const passOn = new PassOn();
    let others = 0;
    const fromOthers = async () => {
        others++;
        return ['other'];
    };
    assert.deepEqual(await passOn.format('file:///flow.yaml', true, async () => ['fdl'], fromOthers), ['fdl']);
    assert.deepEqual(await passOn.format('file:///flow.yaml', true, async () => [], fromOthers), []);
    assert.equal(others, 0);
});

test('another YAML file goes to the other formatters, which ask fdl again: fdl stands aside', async () => {
    const passOn = new PassOn();
    const uri = 'file:///docker-compose.yaml';
    let fdlAsked = 0;
    const fromFdl = async () => {
        fdlAsked++;
        return null; // The server's answer for a file that is not a flow.
    };
    // VS Code's executeFormatDocumentProvider asks every formatter in turn, fdl first here.
    const fromOthers = async () => {
        const again = await passOn.format(uri, true, fromFdl, async () => assert.fail('passed on twice'));
        assert.equal(again, undefined);
        return ['red hat'];
    };
    assert.deepEqual(await passOn.format(uri, true, fromFdl, fromOthers), ['red hat']);
    assert.equal(fdlAsked, 1);
    // Afterwards fdl answers again.
    assert.deepEqual(await passOn.format(uri, true, async () => ['fdl'], fromOthers), ['fdl']);
});

test('passing on can be turned off, and a failing pass-on does not block the next request', async () => {
    const passOn = new PassOn();
    const uri = 'file:///values.yaml';
    assert.equal(await passOn.format(uri, false, async () => null, async () => assert.fail('not enabled')), undefined);
    await assert.rejects(passOn.format(uri, true, async () => undefined, async () => Promise.reject(new Error('boom'))));
    assert.deepEqual(await passOn.format(uri, true, async () => null, async () => ['other']), ['other']);
    assert.equal(await passOn.format(uri, true, async () => null, async () => undefined), undefined);
});

test('a pass-on for one file does not silence fdl for another', async () => {
    const passOn = new PassOn();
    const inner = await passOn.format(
        'file:///a.yaml',
        true,
        async () => null,
        async () => passOn.format('file:///b.yaml', true, async () => ['b by fdl'], async () => undefined),
    );
    assert.deepEqual(inner, ['b by fdl']);
});
