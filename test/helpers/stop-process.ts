/**
 * Stops a server a test started, by its own process id: `signal` first (the server's graceful
 * stop), SIGKILL after five seconds. Resolves once it has exited (or at once when it already has).
 */
import type { ChildProcess } from 'node:child_process';

export function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid!, signal);
  });
}
