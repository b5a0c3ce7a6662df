// An esbuild plugin for every bundle that holds the `yaml` package. Its parser reads
// process.env.LOG_TOKENS for every token and its composer process.env.LOG_STREAM for every
// document, to print debugging output lb-drift never wants; a read of process.env asks the
// operating system's environment each time (about a microsecond), which was a sixth of the time
// spent reading one edited `---` document. The bundle reads them as unset instead.
import { readFile } from 'node:fs/promises';

const DEBUG_SWITCHES = /\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g;

export const yamlDebugOff = {
  name: 'yaml-debug-off',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text.replace(DEBUG_SWITCHES, 'undefined');
      return { contents, loader: 'js' };
    });
  },
};
