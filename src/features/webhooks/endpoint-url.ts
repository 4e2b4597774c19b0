// Which URLs a webhook may be sent to. https everywhere; plain http only to this machine
// or a private network (a receiver beside the app, where TLS may be the proxy's job).
// Refused: other schemes, a user name or password in the URL, a fragment, over 500 characters.
import { isIP } from "node:net";

export const URL_MAX = 500;

/** A private or loopback address, or "localhost" (http is allowed only there). */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) {
    const [a = 0, b = 0] = h.split(".").map(Number);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (isIP(h) === 6) return h === "::1" || h.startsWith("fc") || h.startsWith("fd");
  return false;
}

/** The URL as stored, or an Indonesian message saying why it is refused. */
export function checkEndpointUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const v = raw.trim();
  if (!v) return { ok: false, message: "Isi alamat URL penerima." };
  if (v.length > URL_MAX) return { ok: false, message: `Alamat URL paling banyak ${URL_MAX} karakter.` };
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return { ok: false, message: "Alamat URL tidak valid (contoh: https://contoh.go.id/webhook)." };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return { ok: false, message: "Alamat URL harus diawali https://." };
  if (u.protocol === "http:" && !isLocalHost(u.hostname))
    return { ok: false, message: "Alamat http:// hanya boleh ke localhost atau jaringan lokal; pakai https:// untuk alamat lain." };
  if (u.username || u.password) return { ok: false, message: "Alamat URL tidak boleh memuat nama pengguna atau kata sandi." };
  if (u.hash) return { ok: false, message: "Alamat URL tidak boleh memuat bagian #." };
  if (!u.hostname) return { ok: false, message: "Alamat URL tidak valid (contoh: https://contoh.go.id/webhook)." };
  return { ok: true, url: u.toString() };
}
