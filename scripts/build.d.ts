/** Types of scripts/build.js (plain JavaScript so that `npm ci` and bin/prognos.js run it without a compiler). */
export declare const ROOT: string;
export declare function sourceFiles(root?: string): string[];
export declare function sourceStamp(root?: string): string;
export declare function isBuildFresh(root?: string): boolean;
export declare function build(root?: string): Promise<number>;
