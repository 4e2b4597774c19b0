// The routes that take a multipart body: declared by upload() (upload.ts) and read by
// the CSRF check (csrf.ts), which lets such a body through to be checked after parsing
// and refuses it anywhere else. Its own module so that neither imports the other.
import { match } from "path-to-regexp";

const uploadPaths = new Map<string, (path: string) => unknown>();

export function declareUploadRoute(path: string): void {
  if (!uploadPaths.has(path)) uploadPaths.set(path, match(path, { decode: false }));
}

/** Is `path` one of the routes declared with upload()? */
export const isUploadRoute = (path: string): boolean => [...uploadPaths.values()].some((m) => m(path) !== false);
