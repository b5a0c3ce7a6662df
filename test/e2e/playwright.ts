/**
 * playwright-core, loaded from `.tools/playwright` rather than the project's node_modules, so the
 * project's dependencies stay free of it. The interfaces below are the small part of its API the
 * test uses, written out so the type-check does not depend on the tools folder existing; a
 * runtime check makes sure the loaded module really has that shape.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Timeout {
  readonly timeout?: number;
}

export interface LocatorFilter {
  readonly hasText?: string | RegExp;
  readonly hasNotText?: string | RegExp;
}

export interface Locator {
  first(): Locator;
  last(): Locator;
  locator(selector: string, options?: LocatorFilter): Locator;
  filter(options: LocatorFilter): Locator;
  all(): Promise<Locator[]>;
  count(): Promise<number>;
  /** Whether the element is visible right now (does not wait). */
  isVisible(): Promise<boolean>;
  waitFor(options: Timeout & { readonly state?: 'attached' | 'detached' | 'visible' | 'hidden' }): Promise<void>;
  boundingBox(options?: Timeout): Promise<Box | null>;
  innerText(options?: Timeout): Promise<string>;
  getAttribute(name: string, options?: Timeout): Promise<string | null>;
  click(options?: Timeout): Promise<void>;
  fill(value: string, options?: Timeout): Promise<void>;
}

/** A frame inside the page (a webview's iframe), searched like the page itself. */
export interface FrameLocator {
  locator(selector: string, options?: LocatorFilter): Locator;
  frameLocator(selector: string): FrameLocator;
}

export interface Page {
  frameLocator(selector: string): FrameLocator;
  goto(url: string, options?: Timeout & { readonly waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  locator(selector: string, options?: LocatorFilter): Locator;
  screenshot(options: { readonly path: string; readonly clip?: Box }): Promise<unknown>;
  setDefaultTimeout(timeout: number): void;
  readonly keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { readonly delay?: number }): Promise<void>;
  };
  readonly mouse: {
    move(x: number, y: number): Promise<void>;
    click(x: number, y: number): Promise<void>;
  };
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly headless: boolean;
  readonly env: Record<string, string>;
  readonly viewport: { readonly width: number; readonly height: number };
  readonly timeout: number;
}

export interface Chromium {
  launchPersistentContext(userDataDir: string, options: LaunchOptions): Promise<BrowserContext>;
}

/** Loads playwright-core from its package folder and returns its Chromium launcher. */
export function loadChromium(packageDir: string): Chromium {
  const require = createRequire(join(packageDir, 'package.json'));
  const loaded: unknown = require(packageDir);
  if (!hasChromium(loaded)) throw new Error(`${packageDir} does not export chromium.launchPersistentContext`);
  return loaded.chromium;
}

function hasChromium(module: unknown): module is { chromium: Chromium } {
  if (typeof module !== 'object' || module === null || !('chromium' in module)) return false;
  const chromium: unknown = module.chromium;
  return typeof chromium === 'object' && chromium !== null && 'launchPersistentContext' in chromium && typeof chromium.launchPersistentContext === 'function';
}
