import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusView } from '../../src/status';

test('each server state has its own text; problems are shown as warnings', () => {
    const starting = statusView('starting', { command: '/usr/bin/fdl' });
    const running = statusView('running', { command: '/usr/bin/fdl' });
    const stopped = statusView('stopped', { message: 'exited with code 2' });
    const notFound = statusView('notFound', { message: 'no fdl on PATH' });
    assert.equal(new Set([starting.text, running.text, stopped.text, notFound.text]).size, 4);
    assert.deepEqual([starting.warning, running.warning, stopped.warning, notFound.warning], [false, false, true, true]);
    assert.match(running.tooltip, /running\n\/usr\/bin\/fdl\nClick to show the fdl output/);
    assert.match(stopped.tooltip, /stopped \(exited with code 2\); run "fdl: Restart Language Server"/);
    assert.match(notFound.tooltip, /not found\. no fdl on PATH/);
});
