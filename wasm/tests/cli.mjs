// The native CLI, for the tests that compare bytes with it: RESPITE_CLI, default
// build/native/cli/respite. Tests that need it are skipped (with the reason) when it is absent.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { repoRoot } from './package.mjs';

export const cliPath = resolve(process.env.RESPITE_CLI ?? resolve(repoRoot, 'build/native/cli/respite'));
export const cliMissing = existsSync(cliPath) ? false
    : `native CLI not found at ${cliPath} (build the native preset or set RESPITE_CLI)`;

// Runs the CLI; returns stdout (exit code 1 = a respite.error/1 on stdout, still returned).
export function cli(args, options = {}) {
    try {
        return execFileSync(cliPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'], ...options });
    } catch (error) {
        if (error.status === 1) return error.stdout;
        throw new Error(`${cliPath} ${args.join(' ')}: exit ${error.status}: ${error.stderr}`);
    }
}
