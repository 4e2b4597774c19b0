// Webhooks (issue 27): which receiver URLs are allowed, and the retry delays.
import { describe, expect, it } from "vitest";
import { checkEndpointUrl } from "../../src/features/webhooks/endpoint-url.js";
import { MAX_ATTEMPTS, retryDelayMs } from "../../src/features/webhooks/sender.js";

describe("webhook receiver URLs", () => {
  it("when the URL is https, or http to this machine or a private network, then it is kept", () => {
    for (const url of [
      "https://contoh.go.id/hook",
      "http://localhost:8080/x",
      "http://127.0.0.1/x",
      "http://10.1.2.3/x",
      "http://172.20.0.5/x",
      "http://192.168.1.9/x",
      "http://[::1]:9000/x",
    ]) {
      expect(checkEndpointUrl(url), url).toMatchObject({ ok: true });
    }
  });

  it("when the URL is another scheme, public http, carries credentials or a fragment, or is too long, then it is refused with a reason", () => {
    const refused: [string, RegExp][] = [
      ["javascript:alert(1)", /https:\/\//],
      ["file:///etc/passwd", /https:\/\//],
      ["http://contoh.go.id/x", /localhost atau jaringan lokal/],
      ["http://172.32.0.1/x", /localhost atau jaringan lokal/],
      ["https://a:b@contoh.go.id/x", /nama pengguna atau kata sandi/],
      ["https://contoh.go.id/x#bagian", /bagian #/],
      [`https://contoh.go.id/${"x".repeat(500)}`, /500 karakter/],
      ["", /Isi alamat/],
    ];
    for (const [url, reason] of refused) {
      const r = checkEndpointUrl(url);
      expect(r.ok, url).toBe(false);
      if (!r.ok) expect(r.message).toMatch(reason);
    }
  });
});

describe("webhook retries", () => {
  it("when attempts fail then the delays grow from a minute to a day, each within a fifth of its step", () => {
    const steps = [1, 5, 30, 120, 360, 720, 1440];
    for (const [i, minutes] of steps.entries()) {
      expect(retryDelayMs(i + 1, 0)).toBe(minutes * 60_000 * 0.8);
      expect(retryDelayMs(i + 1, 0.999999)).toBeLessThanOrEqual(minutes * 60_000 * 1.2);
    }
    expect(MAX_ATTEMPTS).toBe(steps.length + 1);
  });
});
