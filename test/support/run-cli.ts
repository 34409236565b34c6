import { Writable } from 'node:stream';
import { runCli } from '../../src/cli.js';

/** Runs `techhealth <args>` in this process with `env`, capturing its exit status, stdout and stderr. */
export async function runCliCaptured(args: string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(String(chunk));
        done();
      },
    });
  const code = await runCli(
    args,
    env,
    sink((s) => (stdout += s)),
    sink((s) => (stderr += s)),
  );
  return { code, stdout, stderr };
}
