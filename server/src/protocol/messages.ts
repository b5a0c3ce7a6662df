/**
 * The custom messages between the lb-drift client and server, in one place. JSON only: no
 * imports from either side.
 */

/** The language ids lb-drift contributes or reads. */
export const LANGUAGE_IDS = ['nginx'] as const;

export namespace StatusNotification {
  export const method = 'lbDrift/status';
  export interface Params {
    readonly uri: string;
    readonly version: number;
    /** The dialect the file was read as; absent for a file that is not a balancer config. */
    readonly dialect?: string;
    readonly pools: number;
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
  }
}
