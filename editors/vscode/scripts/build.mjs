// Bundles the extension (dist/extension.js, for VS Code's Node) and the graph view's script
// (dist/webview.js, for the webview) with esbuild; with --tests, the tests to out-test/ for
// `node --test`. --production minifies and leaves out source maps.

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');

const common = {
    bundle: true,
    logLevel: 'warning',
    absWorkingDir: root,
    minify: production,
    sourcemap: !production,
};

if (tests) {
    const files = ['unit', 'e2e'].flatMap((dir) =>
        fs
            .readdirSync(path.join(root, 'test', dir))
            .filter((f) => f.endsWith('.test.ts'))
            .map((f) => path.join('test', dir, f)),
    );
    fs.rmSync(path.join(root, 'out-test'), { recursive: true, force: true });
    await esbuild.build({
        ...common,
        entryPoints: files,
        outdir: 'out-test',
        outbase: 'test',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        // The extension's test runs it under Node with a stand-in for VS Code's API; the
        // client library is bundled with it, so that it sees the same stand-in.
        alias: { vscode: './test/fake/vscode.ts' },
        sourcemap: 'inline',
    });
} else {
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    await esbuild.build({
        ...common,
        entryPoints: ['src/extension.ts'],
        outfile: 'dist/extension.js',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        // Provided by VS Code at run time.
        external: ['vscode'],
    });
    await esbuild.build({
        ...common,
        entryPoints: ['src/webview/main.ts'],
        outfile: 'dist/webview.js',
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
    });
}
