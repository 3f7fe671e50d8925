/*
 * kubectl against a fleet as a user runs it: the fleet's kubeconfig in a
 * private HOME, manifests written to files, and a command that must succeed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fleet } from '../fleet/fleet';
import { CommandResult, run, scratchDir } from './clients';

export interface KubectlSession {
  dir: string;
  env: NodeJS.ProcessEnv;
  kubectl(
    context: string,
    args: string[],
    input?: string,
  ): Promise<CommandResult>;
  /** The command's output; throws with its stderr when it fails. */
  ok(context: string, args: string[], input?: string): Promise<string>;
  /** Writes a manifest file into the session's directory and returns its path. */
  manifest(name: string, text: string): string;
  close(): void;
}

export function kubectlSession(binary: string, fleet: Fleet): KubectlSession {
  const dir = scratchDir('kubectl');
  fs.writeFileSync(path.join(dir, 'kubeconfig'), fleet.kubeconfig());
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    KUBECONFIG: path.join(dir, 'kubeconfig'),
    KUBECACHEDIR: path.join(dir, 'cache'),
  };
  const kubectl = (context: string, args: string[], input?: string) =>
    run(binary, ['--context', context, ...args], { env, input });
  return {
    dir,
    env,
    kubectl,
    async ok(context, args, input) {
      const result = await kubectl(context, args, input);
      if (result.code !== 0) {
        throw new Error(
          `kubectl ${args.join(' ')} exited ${result.code}:\n${result.stderr}${
            result.stdout
          }`,
        );
      }
      return result.stdout;
    },
    manifest(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
