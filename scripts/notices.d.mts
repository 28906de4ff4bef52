/** Types for notices.mjs (plain JavaScript, since build.mjs runs under node without a TypeScript loader). */
export function packageDirOf(inputPath: string): string | null;
export function noticesFor(inputPaths: readonly string[], root?: string): string;
