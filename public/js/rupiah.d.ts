// Types for the browser's rupiah preview, so the unit test can compare it with the server's parser.
export function parseRupiah(input: string): number | null;
export function formatRupiah(n: number): string;
