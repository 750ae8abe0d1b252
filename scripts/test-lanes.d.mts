// Types for scripts/test-lanes.mjs (a plain script: the test runner needs no loader).
export declare const E2E_DIRS: readonly string[];
export declare const E2E_FILES: readonly string[];
export declare const E2E_NEEDS_DIST: readonly string[];
export declare function findTests(dir?: string): string[];
export declare function isE2e(file: string): boolean;
export declare function lanes(files?: string[]): { unit: string[]; e2e: string[]; 'e2e-src': string[]; 'e2e-dist': string[] };
export declare const E2E_SECONDS: Readonly<Record<string, number>>;
export declare function shards(files: readonly string[], count: number, mocksTheSdk?: (file: string) => boolean): string[][];
