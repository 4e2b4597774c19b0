// Who the seed driver acts as, and how it makes files: shared by the driver and the
// TKKSD meeting helper (a module of its own, so that neither imports the other).
import type { StoredFile } from "../../platform/files/blob-store.js";
import type { CurrentUser, RoleName } from "../../core/users/roles.js";

export type ActorFor = (role: RoleName) => CurrentUser;
export type FileMaker = (name: string) => Promise<StoredFile>;
