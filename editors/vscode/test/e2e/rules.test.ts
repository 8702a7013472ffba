// The `fdl.rules` setting lists every rule of the fdl it was written for, so that VS Code
// completes rule codes and names in settings.json and explains each one. This test keeps that
// list equal to `fdl rules --format json`; `UPDATE_RULES=1 npm run test:e2e` rewrites it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LEVELS } from '../../src/settings';

const root = path.join(__dirname, '..', '..');
const fdlBin = process.env.FDL_BIN ? path.resolve(process.env.FDL_BIN) : path.resolve(root, '..', '..', 'target', 'debug', 'fdl');

interface Rule {
    code: string;
    name: string;
    severity: string;
    summary: string;
}

function ruleProperties(rules: Rule[]): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (const rule of rules) {
        const description = `\`${rule.code}\` \`${rule.name}\` (${rule.severity} by default): ${rule.summary}`;
        for (const key of [rule.code, rule.name]) {
            properties[key] = { type: 'string', enum: [...LEVELS], markdownDescription: description };
        }
    }
    return properties;
}

test('fdl.rules in package.json lists the rules of `fdl rules`', () => {
    if (!fs.existsSync(fdlBin)) {
        throw new Error(`The fdl binary is not at ${fdlBin}. Build it with \`cargo build -p fdl-cli\`, or set FDL_BIN.`);
    }
    const rules = JSON.parse(execFileSync(fdlBin, ['rules', '--format', 'json']).toString()) as Rule[];
    assert.ok(rules.length > 40, `${rules.length} rules`);
    const manifestPath = path.join(root, 'package.json');
    const text = fs.readFileSync(manifestPath, 'utf8');
    const manifest = JSON.parse(text);
    const setting = manifest.contributes.configuration.properties['fdl.rules'];
    const expected = ruleProperties(rules);
    if (process.env.UPDATE_RULES === '1') {
        setting.properties = expected;
        fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
        return;
    }
    assert.deepEqual(setting.properties, expected, 'package.json is out of date: run `UPDATE_RULES=1 npm run test:e2e` and review the change');
    // Keys it does not list still reach the server, which names the ones it does not know.
    assert.deepEqual(setting.additionalProperties, { type: 'string', enum: [...LEVELS] });
});
