// An error with a status and a message the user can read (in Indonesian).
// Services throw it; the error middleware renders it.
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly userMessage: string,
    public readonly code = "APP_ERROR",
  ) {
    super(userMessage);
  }
}

export const forbidden = (msg = "Anda tidak memiliki akses ke halaman ini.") => new AppError(403, msg, "FORBIDDEN");
export const notFound = (msg = "Halaman atau data yang Anda cari tidak ditemukan.") => new AppError(404, msg, "NOT_FOUND");
export const conflict = (msg: string) => new AppError(409, msg, "CONFLICT");
export const badRequest = (msg: string) => new AppError(400, msg, "BAD_REQUEST");
