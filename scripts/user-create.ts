// `npm run user:create -- --username NAME --name "Full Name"`: creates an ADMIN
// (the first account on a production database, where no demo data is seeded).
// The password is read from KD_PASSWORD or asked for on the terminal.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { hashPassword, PASSWORD_MIN, passwordProblem } from "../src/features/auth/password.js";
import { ConfigError } from "../src/platform/config.js";
import { seedMasterData } from "../src/features/seed/seed.js";
import { runCli, withDatabase } from "./cli.js";

const { values } = parseArgs({
  options: { username: { type: "string" }, name: { type: "string" } },
});

async function ask(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    out._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
  }
  const a = await rl.question(question);
  rl.close();
  if (hidden) process.stdout.write("\n");
  return a.trim();
}

await runCli(async () => {
  const username = (values.username ?? (await ask("Nama pengguna: "))).toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,39}$/.test(username)) {
    throw new ConfigError("Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau strip.");
  }
  const fullName = values.name ?? (await ask("Nama lengkap: "));
  if (fullName.length < 3) throw new ConfigError("Nama lengkap minimal 3 karakter.");
  const password = process.env.KD_PASSWORD ?? (await ask(`Kata sandi (minimal ${PASSWORD_MIN} karakter, sulit ditebak): `, true));
  const problem = passwordProblem(password, { username, fullName });
  if (problem) throw new ConfigError(problem);

  await withDatabase(async (db) => {
    await db.migrate();
    await seedMasterData(db.prisma);
    if (await db.prisma.user.findUnique({ where: { username } })) {
      throw new ConfigError(`Nama pengguna ${username} sudah ada.`);
    }
    await db.prisma.user.create({
      data: { username, fullName, roles: ["ADMIN"], passwordHash: await hashPassword(password) },
    });
    console.log(`Administrator ${username} dibuat.`);
  });
});
