// A local SMTP server for e-mail tests: records what it receives, can be told to refuse.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type TestSmtp = {
  /** Mail settings pointing at this server. */
  mail: { smtpUrl: string; mailFrom: string; appUrl: string };
  /** Each accepted message: its recipients and its raw text. */
  received: { to: string[]; body: string }[];
  /** While true, every message is refused with a temporary error. */
  failing: boolean;
  close(): Promise<void>;
};

export async function startSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    mail: { smtpUrl: "", mailFrom: "Kerjasama Daerah <noreply@example.test>", appUrl: "http://kd.local" },
    received: [],
    failing: false,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      let body = "";
      stream.on("data", (c: Buffer) => (body += c.toString()));
      stream.on("end", () => {
        if (state.failing) {
          cb(new Error("451 coba lagi nanti"));
          return;
        }
        state.received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  state.mail.smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
