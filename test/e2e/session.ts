/**
 * Everything one end-to-end run starts, in one temporary folder: the workspace repository,
 * code-server with the packaged extension, and Chromium with a fresh profile showing the
 * workbench. `close()` undoes whatever was started, in reverse order, also after a failed start.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from './code-server';
import type { DialectCase, ManifestCase } from './dialects';
import { loadChromium, type BrowserContext } from './playwright';
import { assertInstalledBundlesCurrent, type E2eTools } from './tools';
import { Workbench } from './workbench';
import { buildWorkspace } from './workspace';

/** The flags verified on this kind of machine (issue 6), for a headless Chromium without a GPU. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * User settings: no AI features, welcome pages, telemetry, trust prompts or update checks, so
 * nothing but the editor takes the screen or the focus. lb-drift and the editor keep their
 * defaults (rule severities, minimap, inlay hints), so the screenshots show what a user sees.
 */
export const USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.autofetch': false,
};

export interface SessionOptions {
  readonly tools: E2eTools;
  readonly cases: readonly DialectCase[];
  readonly manifests?: readonly ManifestCase[];
  /** Where screenshots and code-server's log go. */
  readonly outputDir: string;
  /** The bound of each start-up step (installing the extension, loading the workbench). */
  readonly startTimeoutMs: number;
  /** The default bound of every wait on the page. */
  readonly stepTimeoutMs: number;
}

export class Session {
  readonly root = mkdtempSync(join(tmpdir(), 'lb-drift-e2e-'));
  /** The workspace folder; its name shows in the window title and the explorer. */
  readonly workspace = join(this.root, 'lb-configs');
  private readonly cleanups: (() => Promise<void> | void)[] = [() => rmSync(this.root, { recursive: true, force: true })];
  private workbench: Workbench | undefined;

  /** The workbench page; throws when the session did not start. */
  get ui(): Workbench {
    if (!this.workbench) throw new Error('the VS Code session did not start');
    return this.workbench;
  }

  static async start(options: SessionOptions): Promise<Session> {
    const session = new Session();
    try {
      await session.launch(options);
      return session;
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  /** Closes the browser, stops code-server and removes the temporary folder; never throws. */
  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.warn(`e2e cleanup failed: ${String(error)}`);
      }
    }
  }

  private async launch(options: SessionOptions): Promise<void> {
    const { tools, startTimeoutMs } = options;
    mkdirSync(options.outputDir, { recursive: true });
    buildWorkspace(this.workspace, options.cases, options.manifests);

    const server = await startCodeServer({
      tools,
      root: join(this.root, 'code-server'),
      settings: USER_SETTINGS,
      logFile: join(options.outputDir, 'code-server.log'),
      startTimeoutMs,
    });
    this.cleanups.push(() => server.stop());
    assertInstalledBundlesCurrent(server.extensionDir);

    const browser = await this.launchChromium(tools, startTimeoutMs);
    this.cleanups.push(() => browser.close());
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(options.stepTimeoutMs);
    const workbench = new Workbench(page, options.outputDir);
    await workbench.open(server.url, this.workspace, startTimeoutMs);
    this.workbench = workbench;
  }

  /** Chromium with a fresh profile, and HOME and the XDG folders inside it. */
  private launchChromium(tools: E2eTools, timeout: number): Promise<BrowserContext> {
    const profile = join(this.root, 'chromium');
    const home = join(profile, 'home');
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
    Object.assign(env, {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_DATA_HOME: join(home, '.local/share'),
    });
    return loadChromium(tools.playwrightCore).launchPersistentContext(join(profile, 'user-data'), {
      executablePath: tools.chromium,
      args: CHROMIUM_FLAGS,
      headless: true,
      env,
      viewport: { width: 1280, height: 800 },
      timeout,
    });
  }
}
